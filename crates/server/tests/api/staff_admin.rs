//! A council admin manages their council's staff (issue 17): adds a member, sets their role,
//! disables them (their sessions end at once), never leaves the council without an admin, and
//! never reaches another council's staff. `--add-staff` adds only a council's first admin.

use crate::helpers::{TestApp, assert_refused, spawn_app};
use permit_client::Client;
use permit_client::types::{NewColleague, NewStaffMember};

fn colleague(email: &str, name: &str, role: &str) -> NewColleague {
    NewColleague {
        email: email.into(),
        full_name: name.into(),
        role: role.into(),
    }
}

async fn admin(app: &TestApp, council: &str) -> Client {
    app.staff_named(
        council,
        "admin",
        &format!("admin@{council}.gov.example"),
        "Alex Admin",
    )
    .await
}

#[tokio::test]
async fn an_admin_adds_an_officer_who_logs_in_and_reviews_and_the_log_names_the_admin() {
    let app = spawn_app().await;
    let admin = admin(&app, "hampshire").await;
    let added = admin
        .add_colleague(&colleague(
            " kim.officer@hants.gov.example ",
            "Kim  Officer",
            "officer",
        ))
        .await
        .expect("added");
    assert_eq!(
        (
            added.email.as_str(),
            added.full_name.as_str(),
            added.role.as_str()
        ),
        ("kim.officer@hants.gov.example", "Kim Officer", "officer")
    );
    assert_eq!(added.disabled_at, None);
    let officer = app.staff_logged_in("kim.officer@hants.gov.example").await;
    officer.review_queue().await.expect("an officer reviews");
    let names: Vec<String> = admin
        .staff_members()
        .await
        .expect("list")
        .into_iter()
        .map(|m| m.full_name)
        .collect();
    assert_eq!(names, ["Alex Admin", "Kim Officer"], "by name");
    let log = admin
        .audit_log_where(&[("kind", "staff_added")])
        .await
        .expect("an admin reads the audit log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].subject_id, added.id);
    assert_eq!(log[0].actor_name.as_deref(), Some("Alex Admin"));
    assert!(
        log[0]
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("by Alex Admin")),
        "{:?}",
        log[0].detail
    );
    let again = admin
        .add_colleague(&colleague("kim.officer@hants.gov.example", "Kim", "agent"))
        .await;
    assert_refused(again, 409, "staff_exists", None);
    let bad_role = admin
        .add_colleague(&colleague("lee@hants.gov.example", "Lee", "boss"))
        .await;
    assert_refused(bad_role, 422, "invalid_role", "role");
    let no_name = admin
        .add_colleague(&colleague("lee@hants.gov.example", "  ", "agent"))
        .await;
    assert_refused(no_name, 422, "invalid_name", "full_name");
}

#[tokio::test]
async fn a_disabled_officers_next_request_is_401_and_they_cannot_log_in_again() {
    let app = spawn_app().await;
    let admin = admin(&app, "hampshire").await;
    let officer = app.officer("hampshire").await;
    let second_session = app.staff_logged_in("officer@hampshire.gov.example").await;
    officer.review_queue().await.expect("working");
    let id = admin.staff_members().await.expect("list")[1].id.clone();
    let disabled = admin.disable_staff(&id).await.expect("disabled");
    assert!(disabled.disabled_at.is_some());
    for session in [&officer, &second_session] {
        assert_refused(session.review_queue().await, 401, "unauthorized", None);
    }
    let outbox_before = app
        .client
        .outbox("officer@hampshire.gov.example")
        .await
        .expect("outbox")
        .len();
    app.client
        .request_staff_pin("officer@hampshire.gov.example")
        .await
        .expect("answered as for anyone");
    let outbox_after = app
        .client
        .outbox("officer@hampshire.gov.example")
        .await
        .expect("outbox")
        .len();
    assert_eq!(outbox_after, outbox_before, "no code for a disabled member");
    let old_code = app.latest_pin("officer@hampshire.gov.example").await;
    let login = app
        .client
        .staff_log_in("officer@hampshire.gov.example", &old_code)
        .await;
    assert_refused(login, 401, "wrong_code", None);
    let log = admin
        .audit_log_where(&[("kind", "staff_disabled")])
        .await
        .expect("log");
    assert_eq!(log[0].subject_id, id);
}

#[tokio::test]
async fn the_councils_only_admin_cannot_disable_themself_or_give_up_the_role() {
    let app = spawn_app().await;
    let admin = admin(&app, "cambridgeshire").await;
    let me = admin.staff_members().await.expect("list")[0].id.clone();
    assert_refused(admin.disable_staff(&me).await, 409, "last_admin", None);
    assert_refused(
        admin.set_staff_role(&me, "officer").await,
        409,
        "last_admin",
        None,
    );
    let other = admin
        .add_colleague(&colleague("sam@cambs.gov.example", "Sam Second", "agent"))
        .await
        .expect("added");
    let promoted = admin
        .set_staff_role(&other.id, "admin")
        .await
        .expect("now an admin");
    assert_eq!(promoted.role, "admin");
    admin
        .disable_staff(&me)
        .await
        .expect("another admin is left");
    assert_refused(admin.staff_members().await, 401, "unauthorized", None);
    let second = app.staff_logged_in("sam@cambs.gov.example").await;
    assert_refused(
        second.disable_staff(&other.id).await,
        409,
        "last_admin",
        None,
    );
}

#[tokio::test]
async fn a_role_change_applies_from_the_members_next_request() {
    let app = spawn_app().await;
    let admin = admin(&app, "hampshire").await;
    let officer = app.officer("hampshire").await;
    let id = admin.staff_members().await.expect("list")[1].id.clone();
    assert_refused(
        admin.set_staff_role(&id, "supervisor").await,
        422,
        "invalid_role",
        "role",
    );
    admin.set_staff_role(&id, "agent").await.expect("changed");
    assert_refused(officer.review_queue().await, 404, "not_found", None);
    officer
        .agent_permits("no-such-call")
        .await
        .expect_err("no call");
    let log = admin
        .audit_log_where(&[("kind", "staff_role_changed")])
        .await
        .expect("log");
    assert!(
        log[0]
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("officer to agent")),
        "{:?}",
        log[0].detail
    );
}

#[tokio::test]
async fn an_admin_neither_sees_nor_changes_another_councils_staff() {
    let app = spawn_app().await;
    let hants = admin(&app, "hampshire").await;
    let leics = admin(&app, "leicestershire").await;
    app.officer("leicestershire").await;
    let mine = hants.staff_members().await.expect("list");
    assert_eq!(mine.len(), 1, "only Hampshire's own admin");
    let theirs = leics.staff_members().await.expect("list");
    let officer = theirs
        .iter()
        .find(|m| m.role == "officer")
        .expect("their officer");
    assert_refused(
        hants.disable_staff(&officer.id).await,
        404,
        "not_found",
        None,
    );
    assert_refused(
        hants.set_staff_role(&officer.id, "admin").await,
        404,
        "not_found",
        None,
    );
    let still = app
        .staff_logged_in("officer@leicestershire.gov.example")
        .await;
    still.review_queue().await.expect("untouched");
}

#[tokio::test]
async fn officers_and_agents_do_not_manage_staff() {
    let app = spawn_app().await;
    let officer = app.officer("hampshire").await;
    let agent = app
        .staff("hampshire", "agent", "agent@hampshire.gov.example")
        .await;
    for member in [&officer, &agent] {
        assert_refused(member.staff_members().await, 404, "not_found", None);
        let add = member
            .add_colleague(&colleague("x@hants.gov.example", "X", "admin"))
            .await;
        assert_refused(add, 404, "not_found", None);
    }
    assert_refused(agent.audit_log().await, 404, "not_found", None);
}

#[tokio::test]
async fn the_command_line_adds_only_a_councils_first_admin() {
    let app = spawn_app().await;
    let member = |role: &str, email: &str| NewStaffMember {
        council: "leicester".into(),
        role: role.into(),
        email: email.into(),
        full_name: "First Admin".into(),
    };
    let officer = permit_server::staff::add_first_admin(
        &app.state,
        &member("officer", "o@leicester.gov.example"),
    )
    .await
    .expect_err("officers are added by an admin");
    assert!(officer.to_string().contains("first admin"), "{officer}");
    permit_server::staff::add_first_admin(&app.state, &member("admin", "a@leicester.gov.example"))
        .await
        .expect("the first admin");
    let first = app.staff_logged_in("a@leicester.gov.example").await;
    assert_eq!(first.staff_members().await.expect("an admin").len(), 1);
    let second = permit_server::staff::add_first_admin(
        &app.state,
        &member("admin", "b@leicester.gov.example"),
    )
    .await
    .expect_err("the council has an admin");
    assert!(
        second.to_string().contains("already has an admin"),
        "{second}"
    );
}

#[tokio::test]
async fn the_demo_seeds_an_officer_an_agent_and_an_admin_per_council_once() {
    let app = spawn_app().await;
    permit_server::demo::seed(&app.state).await.expect("seeded");
    permit_server::demo::seed(&app.state)
        .await
        .expect("seeding again adds nothing");
    for council in ["hampshire", "leicestershire", "cambridgeshire", "leicester"] {
        let admin = app
            .staff_logged_in(&format!("admin@{council}.example"))
            .await;
        let roles: Vec<String> = admin
            .staff_members()
            .await
            .expect("list")
            .into_iter()
            .map(|m| m.role)
            .collect();
        assert_eq!(roles, ["admin", "agent", "officer"], "{council}");
    }
}
