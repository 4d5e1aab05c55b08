//! What the staff web app reads (issue 17): resident lookup and a resident's records for
//! officers, the audit log with its filters, the enforcement-check log by VRM and time, and the
//! phone agent's steps on the caller's trail. All of it within the member's council; every
//! list a page at a time.

use crate::helpers::{TestApp, assert_refused, bundles, enforcement_key, key, spawn_app, stand_at};
use crate::helpers_staff::reject;
use chrono::Duration;
use permit_client::Client;
use permit_client::types::{AgentStayBooking, CallerVerification, StayBooking};
use permit_test_support::PaysOnSandbox;

/// What a caller at Hampshire's demo property says to the agent.
fn caller(contact: &str, house: &str) -> CallerVerification {
    CallerVerification {
        postcode: "so23 8uj".into(),
        house: house.into(),
        contact: contact.into(),
    }
}

/// Hampshire's phone agent Jo Agent, logged in.
async fn jo_agent(app: &TestApp) -> Client {
    app.staff_named(
        "hampshire",
        "agent",
        "agent@hampshire.gov.example",
        "Jo Agent",
    )
    .await
}

/// A Hampshire resident with a stay booked for tomorrow for `vrm`; their resident id.
async fn resident_with_stay(app: &TestApp, email: &str, vrm: &str) -> (Client, String) {
    let resident = app.resident("hampshire", email).await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let tomorrow = stand_at(app, "2026-07-01 10:00").await + Duration::days(1);
    let booking = StayBooking {
        vrm: vrm.into(),
        start: Some(tomorrow),
        ..StayBooking::default()
    };
    resident.book_stay(&booking).await.expect("booked");
    let id = resident.me().await.expect("me").resident_id;
    (resident, id)
}

#[tokio::test]
async fn an_officer_finds_a_resident_by_name_email_postcode_or_vrm_whatever_the_case_and_spacing() {
    let app = spawn_app().await;
    let (_, id) = resident_with_stay(&app, "Look.Up@example.org", "AB12 CDE").await;
    app.resident("leicestershire", "look.up.leics@example.org")
        .await;
    let officer = app.officer("hampshire").await;
    for search in [
        "sam resident",
        "SAMRES",
        "  look.UP@",
        "so238uj",
        "So23 8UJ",
        "ab 12cde",
    ] {
        let found = officer.find_residents(search).await.expect("searched");
        let ids: Vec<&str> = found.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, [id.as_str()], "{search:?}: Hampshire's only");
        assert!(
            found[0]
                .address
                .as_deref()
                .is_some_and(|a| a.ends_with("SO23 8UJ")),
            "{:?}",
            found[0].address
        );
    }
    for search in ["nobody", "ZZ99 ZZZ", "%", "_"] {
        assert!(
            officer
                .find_residents(search)
                .await
                .expect("searched")
                .is_empty(),
            "{search:?}"
        );
    }
    assert_refused(
        officer.find_residents("   ").await,
        422,
        "invalid_search",
        "q",
    );
    let long = "a".repeat(101);
    assert_refused(
        officer.find_residents(&long).await,
        422,
        "invalid_search",
        "q",
    );
}

#[tokio::test]
async fn vp6_a_residents_record_shows_registration_permits_stays_payments_refunds_and_audit_trail()
{
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "record@example.org").await;
    let receipt = resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let officer = app.officer("leicestershire").await;
    officer
        .officer_decide("purchases", &receipt.payment.id, &reject("not in the zone"))
        .await
        .expect("rejected");
    let id = resident.me().await.expect("me").resident_id;
    let found = officer.find_residents("record@").await.expect("found");
    assert_eq!(found[0].id, id);
    let record = officer.resident_record(&id).await.expect("record");
    assert_eq!(record.full_name, "Sam Resident");
    assert_eq!(record.email.as_deref(), Some("record@example.org"));
    let registration = record.registration.expect("registered");
    assert_eq!(registration.property.postcode, "LE11 3AB");
    assert!(record.permits.is_empty());
    let payments = officer.resident_payments(&id).await.expect("payments");
    assert_eq!(payments.len(), 1);
    assert_eq!(
        (payments[0].status.as_str(), payments[0].refunded_pence),
        ("refunded", payments[0].amount_pence)
    );
    assert!(officer.resident_stays(&id).await.expect("stays").is_empty());
    let trail = officer
        .audit_log_where(&[("resident", &id)])
        .await
        .expect("trail");
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].subject_id, receipt.payment.id);
    assert_eq!(trail[0].actor_name.as_deref(), Some("Pat Officer"));
}

#[tokio::test]
async fn another_councils_resident_is_not_found_by_search_or_by_url() {
    let app = spawn_app().await;
    let (_, id) = resident_with_stay(&app, "hants@example.org", "AB12 CDE").await;
    let leics = app.officer("leicestershire").await;
    assert!(
        leics
            .find_residents("AB12CDE")
            .await
            .expect("searched")
            .is_empty()
    );
    assert!(
        leics
            .find_residents("hants@")
            .await
            .expect("searched")
            .is_empty()
    );
    assert_refused(leics.resident_record(&id).await, 404, "not_found", None);
    assert_refused(leics.resident_stays(&id).await, 404, "not_found", None);
    assert_refused(leics.resident_payments(&id).await, 404, "not_found", None);
    let hants = app.officer("hampshire").await;
    let stays = hants.resident_stays(&id).await.expect("own council");
    assert_eq!(stays[0].vrm, "AB12CDE");
}

#[tokio::test]
async fn act6_agents_see_residents_only_through_a_verified_call_and_each_step_is_on_the_callers_trail()
 {
    let app = spawn_app().await;
    let (_, id) = resident_with_stay(&app, "caller@example.org", "AB12 CDE").await;
    let agent = jo_agent(&app).await;
    assert_refused(agent.find_residents("sam").await, 404, "not_found", None);
    assert_refused(agent.resident_record(&id).await, 404, "not_found", None);
    let call = agent
        .verify_caller(&caller("caller@example.org", "12"))
        .await
        .expect("verified");
    let start = stand_at(&app, "2026-07-01 10:00").await + Duration::days(2);
    let booking = AgentStayBooking {
        vrm: "CD34 EFG".into(),
        permit_type: None,
        start,
        end: start + Duration::hours(13) + Duration::minutes(59),
        non_uk_plate: false,
        confirm_overlap: false,
    };
    let stay = agent
        .agent_book_stay(&call.id, &booking)
        .await
        .expect("booked");
    agent
        .agent_cancel_stay(&call.id, &stay.id)
        .await
        .expect("cancelled");
    let officer = app.officer("hampshire").await;
    let trail = officer
        .audit_log_where(&[("resident", &id)])
        .await
        .expect("trail");
    let steps: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        steps,
        [
            "agent_cancelled_stay",
            "agent_booked_stay",
            "agent_verification"
        ],
        "newest first"
    );
    for entry in &trail {
        assert!(
            entry
                .detail
                .as_deref()
                .is_some_and(|d| d.ends_with("by Jo Agent")),
            "{entry:?}"
        );
        assert_eq!(entry.actor_name.as_deref(), Some("Jo Agent"));
    }
}

#[tokio::test]
async fn the_audit_log_narrows_by_actor_resident_kind_and_time_and_comes_a_page_at_a_time() {
    let app = spawn_app().await;
    let (_, first) = resident_with_stay(&app, "one@example.org", "AB12 CDE").await;
    let (_, second) = resident_with_stay(&app, "two@example.org", "CD34 EFG").await;
    let agent = jo_agent(&app).await;
    let before = stand_at(&app, "2026-07-01 10:00").await;
    for contact in ["one@example.org", "two@example.org"] {
        agent
            .verify_caller(&caller(contact, "12"))
            .await
            .expect("verified");
    }
    // Within the agent's 30 idle minutes.
    stand_at(&app, "2026-07-01 10:20").await;
    let failed = agent.verify_caller(&caller("one@example.org", "99")).await;
    assert_refused(failed, 422, "verification_failed", None);
    let officer = app.officer("hampshire").await;
    let all = officer.audit_log_where(&[]).await.expect("log");
    assert_eq!(all.len(), 3);
    let actor = all[0].actor.clone();
    assert!(actor.starts_with("staff:"), "{actor}");
    let by_actor = officer
        .audit_log_where(&[("actor", &actor)])
        .await
        .expect("by actor");
    assert_eq!(by_actor.len(), 3);
    let nobody = officer
        .audit_log_where(&[("actor", "staff:someone-else")])
        .await
        .expect("by actor");
    assert!(nobody.is_empty());
    let of_second = officer
        .audit_log_where(&[("resident", &second)])
        .await
        .expect("by resident");
    assert_eq!(of_second.len(), 1);
    let of_first = officer
        .audit_log_where(&[("resident", &first), ("kind", "agent_verification")])
        .await
        .expect("by resident and kind");
    assert_eq!(of_first.len(), 1, "the failed one names no resident");
    let noon = (before + Duration::minutes(10)).to_rfc3339();
    let morning = officer
        .audit_log_where(&[("from", &before.to_rfc3339()), ("to", &noon)])
        .await
        .expect("by time");
    assert_eq!(morning.len(), 2);
    let afternoon = officer
        .audit_log_where(&[("from", &noon)])
        .await
        .expect("by time");
    assert_eq!(afternoon.len(), 1);
    assert_eq!(afternoon[0].detail.as_deref(), Some("failed by Jo Agent"));
    let page = officer
        .audit_log_where(&[("limit", "2"), ("offset", "2")])
        .await
        .expect("page");
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].seq, all[2].seq);
    let backwards = officer
        .audit_log_where(&[("from", &noon), ("to", &before.to_rfc3339())])
        .await;
    assert_refused(backwards, 422, "invalid_range", "to");
    let other = app.officer("leicestershire").await;
    assert!(other.audit_log_where(&[]).await.expect("log").is_empty());
}

#[tokio::test]
async fn act2_the_enforcement_log_shows_a_vrms_checks_in_a_time_range_at_the_officers_council_only()
{
    let app = spawn_app().await;
    let (_, _) = resident_with_stay(&app, "ticket@example.org", "AB12 CDE").await;
    let now = stand_at(&app, "2026-07-01 10:00").await;
    let hants_key = enforcement_key("hampshire");
    let stay_time = now + Duration::days(1) + Duration::hours(1);
    app.client
        .enforcement_check(&hants_key, "AB12CDE", "W1", Some(stay_time))
        .await
        .expect("check");
    stand_at(&app, "2026-07-01 11:00").await;
    app.client
        .enforcement_check(&hants_key, "ab12 cde", "W1", None)
        .await
        .expect("check");
    app.client
        .enforcement_check(&hants_key, "CD34EFG", "W1", None)
        .await
        .expect("check");
    app.client
        .enforcement_check(&enforcement_key("leicestershire"), "AB12CDE", "L1", None)
        .await
        .expect("check");
    let officer = app.officer("hampshire").await;
    let checks = officer
        .enforcement_checks("ab12 CDE", &[])
        .await
        .expect("log");
    assert_eq!(checks.len(), 2, "{checks:?}");
    assert_eq!(
        checks[0].checked_at,
        now + Duration::hours(1),
        "newest first"
    );
    assert!(!checks[0].permitted);
    assert_eq!(
        (
            checks[1].permitted,
            checks[1].permit_kind.as_deref(),
            checks[1].checked_for
        ),
        (true, Some("visitor_stay"), stay_time)
    );
    let morning = officer
        .enforcement_checks(
            "AB12CDE",
            &[
                ("from", &now.to_rfc3339()),
                ("to", &(now + Duration::minutes(30)).to_rfc3339()),
            ],
        )
        .await
        .expect("log");
    assert_eq!(morning.len(), 1);
    assert_eq!(morning[0].seq, checks[1].seq);
    assert_refused(
        officer.enforcement_checks("AB12-CDE", &[]).await,
        422,
        "vrm_invalid_character",
        "vrm",
    );
    let leics = app.officer("leicestershire").await;
    let theirs = leics.enforcement_checks("AB12CDE", &[]).await.expect("log");
    let zones: Vec<&str> = theirs.iter().map(|c| c.zone.as_str()).collect();
    assert_eq!(zones, ["L1"], "Leicestershire's own check only");
    let agent = app
        .staff("hampshire", "agent", "agent@hampshire.gov.example")
        .await;
    assert_refused(
        agent.enforcement_checks("AB12CDE", &[]).await,
        404,
        "not_found",
        None,
    );
}

#[tokio::test]
async fn every_new_staff_list_refuses_a_page_over_100_and_pages_from_an_offset() {
    let app = spawn_app().await;
    let (_, id) = resident_with_stay(&app, "pages@example.org", "AB12 CDE").await;
    let officer = app.officer("hampshire").await;
    let admin = app
        .staff("hampshire", "admin", "admin@hampshire.gov.example")
        .await;
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{}/api/v1", app.port);
    for (who, path) in [
        (&officer, "/officer/residents?q=sam".to_owned()),
        (&officer, format!("/officer/residents/{id}/stays?x=1")),
        (&officer, format!("/officer/residents/{id}/payments?x=1")),
        (
            &officer,
            "/officer/enforcement-checks?vrm=AB12CDE".to_owned(),
        ),
        (&officer, "/officer/audit?kind=x".to_owned()),
        (&admin, "/admin/staff?x=1".to_owned()),
    ] {
        let token = who.token().expect("logged in");
        for (limit, status) in [("101", 400), ("0", 400), ("100", 200)] {
            let response = http
                .get(format!("{base}{path}&limit={limit}"))
                .bearer_auth(token)
                .send()
                .await
                .expect("answered");
            assert_eq!(response.status().as_u16(), status, "{path} limit {limit}");
        }
    }
    let first = admin.staff_members().await.expect("list");
    assert_eq!(first.len(), 2);
    let second_page: Vec<serde_json::Value> = http
        .get(format!("{base}/admin/staff?limit=1&offset=1"))
        .bearer_auth(admin.token().expect("token"))
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("json");
    assert_eq!(second_page.len(), 1);
    assert_eq!(second_page[0]["id"], first[1].id.as_str());
}
