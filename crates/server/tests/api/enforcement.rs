//! The enforcement check: VRM + zone + instant -> permitted?, until, which permit kind, for
//! visitor stays (ACT-1, ACT-2), resident permits (RP-1) and annual visitor permits (AVP-1).

use crate::helpers::{
    assert_refused, bundles, enforcement_key, join_all, key, spawn_app, stand_at, vehicle_permit,
};
use chrono::Duration;
use permit_client::types::StayBooking;
use permit_test_support::PaysOnSandbox;

#[tokio::test]
async fn act2_a_stay_permits_parking_from_its_start_through_its_last_second_and_not_after() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = app.resident("hampshire", "ceo@example.org").await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let tomorrow = permit_rules::time::from_local(
        chrono::NaiveDateTime::parse_from_str("2026-07-02 09:30", "%Y-%m-%d %H:%M")
            .expect("wall time"),
    );
    let booking = StayBooking {
        vrm: "ab12 cde".into(),
        start: Some(tomorrow),
        ..StayBooking::default()
    };
    let stay = resident.book_stay(&booking).await.expect("booked");
    let ceo = &app.client;
    let key = enforcement_key("hampshire");
    let ask = |at| ceo.enforcement_check(&key, "AB12CDE", "W1", Some(at));
    let before = ask(stay.starts_at - Duration::seconds(1))
        .await
        .expect("check");
    assert!(!before.permitted, "not before it starts");
    let start = ask(stay.starts_at).await.expect("check");
    assert_eq!(
        (start.permitted, start.until, start.permit_kind.as_deref()),
        (true, Some(stay.ends_at), Some("visitor_stay"))
    );
    let last = ask(stay.ends_at - Duration::seconds(1))
        .await
        .expect("check");
    assert!(last.permitted, "its last second (23:59:59)");
    let after = ask(stay.ends_at).await.expect("check");
    assert!(!after.permitted, "one second after its last second");
    assert_eq!((after.until, after.permit_kind), (None, None));
    let elsewhere = ceo
        .enforcement_check(
            &enforcement_key("hampshire"),
            "AB12CDE",
            "W2",
            Some(stay.starts_at),
        )
        .await
        .expect("check");
    assert!(!elsewhere.permitted, "only in the resident's zone");
}

#[tokio::test]
async fn act7_a_cancelled_stay_permits_nothing() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = app.resident("hampshire", "cxl@example.org").await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let stay = resident
        .book_stay(&StayBooking {
            vrm: "AB12CDE".into(),
            ..StayBooking::default()
        })
        .await
        .expect("booked");
    resident.cancel_stay(&stay.id).await.expect("cancelled");
    let answer = app
        .client
        .enforcement_check(&enforcement_key("hampshire"), "AB12CDE", "W1", None)
        .await
        .expect("check");
    assert!(!answer.permitted);
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let logged: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT council, vrm, zone, permitted FROM enforcement_checks")
            .fetch_all(&mut *conn)
            .await
            .expect("log");
    assert_eq!(
        logged,
        [("hampshire".into(), "AB12CDE".into(), "W1".into(), 0)],
        "every check is logged, refusals too"
    );
}

#[tokio::test]
async fn rp1_an_approved_resident_permit_permits_parking_in_its_zone_until_it_expires() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicestershire", "rp@example.org").await;
    let receipt = resident
        .buy(&key(), &vehicle_permit("resident", "XY71 ABC", Some(12)))
        .await
        .expect("bought");
    let key = enforcement_key("leicestershire");
    let pending = app
        .client
        .enforcement_check(&key, "XY71ABC", "L1", None)
        .await
        .expect("check");
    assert!(
        !pending.permitted,
        "not while the council reviews it (RP-2)"
    );
    let approve = crate::helpers_staff::approve();
    app.client
        .decide_purchase(&receipt.payment.id, &approve)
        .await
        .expect("approved");
    let permit = resident.permits().await.expect("permits").remove(0);
    let answer = app
        .client
        .enforcement_check(&key, "xy71abc", "l1", None)
        .await
        .expect("check");
    assert_eq!(
        (
            answer.permitted,
            answer.until,
            answer.permit_kind.as_deref()
        ),
        (true, Some(permit.expires_at), Some("resident_permit"))
    );
    let last = app
        .client
        .enforcement_check(
            &key,
            "XY71ABC",
            "L1",
            Some(permit.expires_at - Duration::seconds(1)),
        )
        .await
        .expect("check");
    assert!(last.permitted);
    let expired = app
        .client
        .enforcement_check(&key, "XY71ABC", "L1", Some(permit.expires_at))
        .await
        .expect("check");
    assert!(!expired.permitted);
}

#[tokio::test]
async fn avp1_an_annual_visitor_permit_permits_its_vrm() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let resident = app.resident("leicester", "avp@example.org").await;
    resident
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("bought");
    let answer = app
        .client
        .enforcement_check(&enforcement_key("leicester"), "AB12CDE", "R1", None)
        .await
        .expect("check");
    assert_eq!(
        (
            answer.permitted,
            answer.permit_kind.as_deref(),
            answer.permit_type.as_deref()
        ),
        (true, Some("annual_visitor_permit"), Some("annual-visitor"))
    );
}

#[tokio::test]
async fn enforcement_needs_a_key_of_the_zones_council() {
    let app = spawn_app().await;
    let error = app
        .client
        .enforcement_check("not-a-key", "AB12CDE", "W1", None)
        .await
        .expect_err("no key");
    assert_eq!(error.status(), Some(401));
    let error = app
        .client
        .enforcement_check(&enforcement_key("leicester"), "AB12CDE", "W1", None)
        .await
        .expect_err("another council's zone");
    assert_refused(&error, None, "unknown_zone", None);
}

#[tokio::test]
async fn the_check_is_one_query_on_the_vrm_indexes() {
    use permit_server::db::enforcement::CHECK;
    let app = spawn_app().await;
    let plan = crate::helpers::query_plan(&app, CHECK, |query| {
        query
            .bind("AB12CDE")
            .bind(0_i64)
            .bind("hampshire")
            .bind("W1")
    })
    .await;
    assert!(
        plan.iter().any(|step| step.contains("permits_vrm")),
        "{plan:?}"
    );
    assert!(
        plan.iter().any(|step| step.contains("stays_vrm")),
        "{plan:?}"
    );
}

/// Checks made at the same moment share one commit (db::group_commit); none may be lost or
/// answered before it is logged.
#[tokio::test]
async fn concurrent_checks_are_each_logged_once_before_they_are_answered() {
    let app = spawn_app().await;
    let key = enforcement_key("hampshire");
    let plates: Vec<String> = (10..50).map(|n| format!("AB{n}CDE")).collect();
    let checks = plates.clone().into_iter().map(|vrm| {
        let (client, key) = (app.client.clone(), key.clone());
        async move { client.enforcement_check(&key, &vrm, "W1", None).await }
    });
    let answers = join_all(checks).await;
    assert!(
        answers
            .iter()
            .all(|a| a.as_ref().is_ok_and(|a| !a.permitted))
    );
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let mut logged: Vec<String> = sqlx::query_scalar("SELECT vrm FROM enforcement_checks")
        .fetch_all(&mut *conn)
        .await
        .expect("log");
    logged.sort();
    assert_eq!(logged, plates, "every answered check is in the log, once");
}

/// Durable before the answer: each check's log line is committed when its answer arrives.
#[tokio::test]
async fn each_check_is_in_the_log_when_its_answer_arrives() {
    let app = spawn_app().await;
    let key = enforcement_key("hampshire");
    for n in 1..=5_i64 {
        let vrm = format!("AB{n}0CDE");
        app.client
            .enforcement_check(&key, &vrm, "W1", None)
            .await
            .expect("check");
        let logged: Vec<String> =
            sqlx::query_scalar("SELECT vrm FROM enforcement_checks ORDER BY seq")
                .fetch_all(app.state.db.pool())
                .await
                .expect("log");
        assert_eq!(logged.len() as i64, n, "{logged:?}");
        assert_eq!(logged.last(), Some(&vrm));
    }
}

/// A check whose log line cannot be written is not answered (a 500, not a yes or no); once
/// the log takes lines again, checks are answered and logged again.
#[tokio::test]
async fn a_check_that_cannot_be_logged_is_not_answered() {
    use permit_server::db::Backend;
    let app = spawn_app().await;
    let db = &app.state.db;
    let refuse: &[&str] = match db.backend() {
        Backend::Sqlite => &[
            "CREATE TRIGGER refuse_checks BEFORE INSERT ON enforcement_checks \
             BEGIN SELECT RAISE(ABORT, 'log refused'); END",
        ],
        Backend::Postgres => &[
            "CREATE FUNCTION refuse_checks() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'log refused'; END $$",
            "CREATE TRIGGER refuse_checks BEFORE INSERT ON enforcement_checks \
             FOR EACH ROW EXECUTE FUNCTION refuse_checks()",
        ],
    };
    for sql in refuse {
        sqlx::query(sql).execute(db.pool()).await.expect("trigger");
    }
    let key = enforcement_key("hampshire");
    let error = app
        .client
        .enforcement_check(&key, "AB12CDE", "W1", None)
        .await
        .expect_err("not answered");
    assert_eq!(error.status(), Some(500), "{error:?}");
    let drop_trigger = match db.backend() {
        Backend::Sqlite => "DROP TRIGGER refuse_checks",
        Backend::Postgres => "DROP TRIGGER refuse_checks ON enforcement_checks",
    };
    sqlx::query(drop_trigger)
        .execute(db.pool())
        .await
        .expect("drop");
    let answer = app
        .client
        .enforcement_check(&key, "AB12CDE", "W1", None)
        .await
        .expect("answered again");
    assert!(!answer.permitted);
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM enforcement_checks")
        .fetch_one(db.pool())
        .await
        .expect("count");
    assert_eq!(logged, 1, "only the answered check is logged");
}

/// Start-up copies the gazetteer's zones many rows a statement: a property whose zone changed
/// is moved, however many properties come before it, and a second copy changes nothing else.
#[tokio::test]
async fn the_zones_copied_at_start_up_follow_the_gazetteer() {
    use permit_server::db::enforcement::store_zones;
    let app = spawn_app().await;
    let ids: Vec<String> = (0..1201).map(|i| format!("zone-test-{i:04}")).collect();
    let zone_of = |i: usize, moved: bool| if moved && i == 1200 { "B2" } else { "A1" };
    for moved in [false, true] {
        let mut tx = app.state.db.write_tx().await.expect("tx");
        let zones = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), "hampshire", zone_of(i, moved)));
        store_zones(&mut tx, zones).await.expect("stored");
        tx.commit().await.expect("committed");
    }
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT zone, COUNT(*) || '' FROM property_zones WHERE property_id LIKE 'zone-test-%' GROUP BY zone ORDER BY zone",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("zones");
    assert_eq!(
        rows,
        [
            ("A1".to_owned(), "1200".to_owned()),
            ("B2".to_owned(), "1".to_owned())
        ]
    );
}
