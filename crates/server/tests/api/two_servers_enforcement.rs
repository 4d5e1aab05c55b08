//! Issue 20: each server answers the enforcement check from its own permission index in
//! memory. Two server processes on one PostgreSQL: a stay booked or cancelled through one is
//! answered so by the other within a bounded wait (the other hears of it through
//! `LISTEN/NOTIFY`), also after the listeners' connections were cut and notifications lost.
//! One SQLite file is one server process (its index learns of its own writes only): the test
//! runs on PostgreSQL.

use crate::helpers::{bundles, key};
use crate::two_servers::{pair, resident_on_both};
use chrono::Duration;
use permit_client::Client;
use permit_client::types::StayBooking;
use permit_server::db::permission_changes::LISTENER_NAME;
use permit_test_support::{PaysOnSandbox, ServerProcess, TestDatabase, enforcement_key};

/// How long the other server may take to hear of a change.
const BOUND: std::time::Duration = std::time::Duration::from_secs(5);

/// Asks `server` until its answer about `vrm` in W1 at `at` is `permitted`; how long that took,
/// or `None` if it never was within [`BOUND`].
async fn answered_within(
    server: &Client,
    vrm: &str,
    at: chrono::DateTime<chrono::Utc>,
    permitted: bool,
) -> Option<std::time::Duration> {
    let key = enforcement_key("hampshire");
    let started = std::time::Instant::now();
    while started.elapsed() < BOUND {
        let answer = server
            .enforcement_check(&key, vrm, "W1", Some(at))
            .await
            .expect("check");
        if answer.permitted == permitted {
            return Some(started.elapsed());
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    None
}

/// Ends both servers' listener connections, as a network failure or a restart of the
/// database's connection pooler would; answers how many it ended.
async fn cut_listeners(database: &TestDatabase) -> i64 {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(database.url())
        .await
        .expect("connection");
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = $1 AND datname = current_database()",
    )
    .bind(LISTENER_NAME)
    .fetch_all(&mut conn)
    .await
    .expect("terminated");
    i64::try_from(ended.iter().filter(|e| **e).count()).expect("count")
}

#[tokio::test]
async fn act2_act7_a_stay_booked_or_cancelled_on_one_server_is_answered_so_by_the_other() {
    let database = TestDatabase::new().await;
    if database.url().starts_with("sqlite:") {
        eprintln!("skipped: a SQLite database has one server process");
        return;
    }
    let keys = "hampshire:".to_owned() + &enforcement_key("hampshire");
    let servers = pair(&database, &[("PERMITS_ENFORCEMENT_KEYS", keys.as_str())]);
    // Both indexes built and listening before anything is booked.
    ServerProcess::wait_for_lines(&servers, "listening for other servers' changes", 2).await;
    // The servers' own clocks (moving them back would put the instants asked about before
    // the indexes' horizon, where they ask the database).
    let [a, b] = &servers;
    let (on_a, _) = resident_on_both(a, b, "heard@example.org").await;
    on_a.buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("10 visitor permits");
    let today = permit_rules::time::local_date(chrono::Utc::now());
    let tomorrow = permit_rules::time::from_local(
        (today + chrono::Days::new(1))
            .and_hms_opt(9, 30, 0)
            .expect("09:30"),
    );
    let book = |vrm: &str| {
        let booking = StayBooking {
            vrm: vrm.into(),
            start: Some(tomorrow),
            ..StayBooking::default()
        };
        let resident = on_a.clone();
        async move { resident.book_stay(&booking).await.expect("booked") }
    };
    let at = tomorrow + Duration::hours(1);

    let stay = book("AB12CDE").await;
    let heard = answered_within(&b.client, "AB12CDE", at, true).await;
    assert!(
        heard.is_some(),
        "B permits the stay booked on A within {BOUND:?}"
    );
    let answer = b
        .client
        .enforcement_check(&enforcement_key("hampshire"), "AB12CDE", "W1", Some(at))
        .await
        .expect("check");
    assert_eq!(answer.until, Some(stay.ends_at));

    on_a.cancel_stay(&stay.id).await.expect("cancelled");
    let heard = answered_within(&b.client, "AB12CDE", at, false).await;
    assert!(
        heard.is_some(),
        "B refuses the stay cancelled on A within {BOUND:?}"
    );

    // Notifications sent while a listener is away are lost: each server asks the database
    // meanwhile, and rebuilds its index once it listens again.
    assert_eq!(cut_listeners(&database).await, 2, "both listeners ended");
    let second = book("CD34EFG").await;
    let heard = answered_within(&b.client, "CD34EFG", at, true).await;
    assert!(
        heard.is_some(),
        "B permits a stay booked while it was not listening"
    );
    let relistened =
        ServerProcess::wait_for_lines(&servers, "listening for other servers' changes", 4).await;
    assert_eq!(
        relistened, 4,
        "each server listened again and rebuilt its index"
    );
    on_a.cancel_stay(&second.id).await.expect("cancelled");
    let heard = answered_within(&b.client, "CD34EFG", at, false).await;
    assert!(heard.is_some(), "B hears of A's changes again");
}
