//! The enforcement log keeps each check for the council's `[records] enforcement_checks_days`
//! (730 in every council file) and the scheduled jobs delete it after that, a bounded number
//! per run.

use crate::helpers::{TestApp, enforcement_key, spawn_app, stand_at};
use chrono::{DateTime, Utc};

/// The plate's checks as the council's officer finds them (logged in afresh: the clock jumps
/// years between reads).
async fn logged(app: &TestApp, council: &str, vrm: &str) -> Vec<String> {
    let officer = app
        .staff_logged_in(&format!("officer@{council}.gov.example"))
        .await;
    let checks = officer.enforcement_checks(vrm, &[]).await.expect("log");
    checks.into_iter().map(|c| c.zone).collect()
}

#[tokio::test]
async fn a_check_is_kept_for_the_councils_730_days_and_deleted_after() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    app.officer("hampshire").await;
    app.officer("leicestershire").await;
    let hants = enforcement_key("hampshire");
    app.client
        .enforcement_check(&hants, "AB12CDE", "W1", None)
        .await
        .expect("check");
    stand_at(&app, "2027-07-01 10:00").await;
    app.client
        .enforcement_check(&hants, "AB12CDE", "W2", None)
        .await
        .expect("check");
    app.client
        .enforcement_check(&enforcement_key("leicestershire"), "AB12CDE", "L1", None)
        .await
        .expect("check");
    // 730 days later to the minute (29 February 2028 between): still kept.
    stand_at(&app, "2028-06-30 10:00").await;
    assert_eq!(logged(&app, "hampshire", "AB12CDE").await, ["W2", "W1"]);
    stand_at(&app, "2028-06-30 10:01").await;
    assert_eq!(
        logged(&app, "hampshire", "AB12CDE").await,
        ["W2"],
        "the oldest check is gone, the year-old one kept"
    );
    assert_eq!(logged(&app, "leicestershire", "AB12CDE").await, ["L1"]);
    stand_at(&app, "2029-07-01 10:01").await;
    assert!(logged(&app, "hampshire", "AB12CDE").await.is_empty());
    assert!(logged(&app, "leicestershire", "AB12CDE").await.is_empty());
}

async fn hampshire_checks_before(app: &TestApp, at: DateTime<Utc>) -> i64 {
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let (count,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM enforcement_checks WHERE council = 'hampshire' AND checked_at <= $1",
    )
    .bind(at.timestamp())
    .fetch_one(&mut *conn)
    .await
    .expect("count");
    count
}

#[tokio::test]
async fn a_run_deletes_at_most_its_limit_and_the_next_run_carries_on() {
    let app = spawn_app().await;
    let then = stand_at(&app, "2026-01-10 09:00").await;
    let extra = 10;
    let total = permit_server::jobs::DELETED_PER_RUN + extra;
    {
        // A busy day's log, written directly: 5,010 checks through HTTP would take the test
        // longer than the rule is worth.
        let mut conn = app.state.db.pool().acquire().await.expect("connection");
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
             INSERT INTO enforcement_checks \
               (council, key_label, vrm, zone, checked_for, permitted, permit_kind, checked_at) \
             SELECT 'hampshire', 'test', 'AB12CDE', 'W1', $2, 0, NULL, $2 + i FROM n",
        )
        .bind(total)
        .bind(then.timestamp())
        .execute(&mut *conn)
        .await
        .expect("log written");
    }
    let later = then + chrono::Duration::days(800);
    assert_eq!(hampshire_checks_before(&app, later).await, total);
    stand_at(&app, "2028-03-20 09:00").await;
    assert_eq!(
        hampshire_checks_before(&app, later).await,
        extra,
        "one run deletes its limit, oldest first"
    );
    stand_at(&app, "2028-03-20 09:01").await;
    assert_eq!(hampshire_checks_before(&app, later).await, 0);
}

#[tokio::test]
async fn a_message_is_kept_for_90_days_after_it_was_queued_and_deleted_after() {
    let app = spawn_app().await;
    stand_at(&app, "2026-03-01 09:00").await;
    let email = "kept@example.org";
    app.resident("hampshire", email).await;
    let queued = app.client.outbox(email).await.expect("outbox");
    assert!(!queued.is_empty(), "registering sends at least a PIN");
    let first = queued.len();
    stand_at(&app, "2026-04-15 09:00").await;
    app.client
        .request_pin("hampshire", email)
        .await
        .expect("a later PIN");
    assert_eq!(
        app.client.outbox(email).await.expect("outbox").len(),
        first + 1
    );
    // 90 days to the minute (the clocks went forward on 29 March: 24-hour days, in UTC).
    stand_at(&app, "2026-05-30 10:00").await;
    assert_eq!(
        app.client.outbox(email).await.expect("outbox").len(),
        first + 1,
        "not before 90 days"
    );
    stand_at(&app, "2026-05-30 10:01").await;
    let left = app.client.outbox(email).await.expect("outbox");
    assert_eq!(left.len(), 1, "only the later PIN is left: {left:?}");
    stand_at(&app, "2026-07-14 10:01").await;
    assert!(app.client.outbox(email).await.expect("outbox").is_empty());
}
