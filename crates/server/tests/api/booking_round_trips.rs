//! How many times one booking (`POST /api/v1/stays`) waits on PostgreSQL (issue 20): each
//! round trip is a hand-off to a backend on the same cores, which is what bounds bookings per
//! second there. Counted on the wire by a proxy (`pg_round_trips`), for the whole request: the
//! session, its use, the council, the booking's transaction and the permission index's read
//! after it. The server is built but not run (no background work through the proxy) and its
//! router served here. SQLite has no round trips; its statements are counted in
//! `tests/booking_statements.rs`.

use chrono::{Duration, Utc};
use permit_server::clock::Clock;
use permit_server::db::{self, sessions};
use permit_server::domain::SessionKind;
use permit_server::payments::SandboxPayments;
use permit_test_support::pg_round_trips::PgRoundTrips;
use permit_test_support::{Options, TestDatabase, household};
use sha2::Digest;
use std::sync::Arc;

#[tokio::test]
async fn a_booking_on_postgresql_waits_on_the_database_at_most_this_often() {
    let database = TestDatabase::new().await;
    if !database.url().starts_with("postgres") {
        return;
    }
    let proxy = PgRoundTrips::start(database.url());
    let app = Options {
        database_url: Some(proxy.url().to_owned()),
        ..Options::default()
    }
    .build(&database, Arc::new(SandboxPayments::default()))
    .await;
    let state = app.state().clone();
    let clock = state.test_clock.clone().expect("test clock");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let url = format!("http://{}", listener.local_addr().expect("bound"));
    let router = permit_server::routes::router(state.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });

    // A Hampshire household with a bundle of 20, signed in with a bearer token.
    let resident = household::with_a_bundle(&state, "Robin Trips", "robin@example.com", 20)
        .await
        .resident;
    let token = "round-trips-test-token";
    let token_hash = hex::encode(sha2::Sha256::digest(token.as_bytes()));
    let mut conn = state.db.write_conn().await.expect("conn");
    sessions::insert(
        &mut conn,
        &token_hash,
        &resident,
        SessionKind::Bearer,
        state.now(),
    )
    .await
    .expect("session");
    drop(conn);

    let http = reqwest::Client::new();
    let book = |plate: &'static str| {
        let start = (clock.now() + Duration::days(1)).with_timezone(&Utc);
        http.post(format!("{url}/api/v1/stays"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "vrm": plate, "start": start }))
            .send()
    };
    // Warm-up: every connection the pool lends has prepared the booking's statements.
    for plate in ["AB12CDE", "BC12DEF", "CD12EFG", "DE12FGH", "EF12GHJ"] {
        clock.advance(Duration::seconds(10));
        let answer = book(plate).await.expect("sent");
        assert_eq!(
            answer.status(),
            201,
            "{}",
            answer.text().await.unwrap_or_default()
        );
    }

    // As in the benchmark, the session's stored use is seconds old: the request writes it.
    clock.advance(Duration::seconds(10));
    all_connections_back(&state).await;
    let before = proxy.now();
    let start_of_last = (clock.now() + Duration::days(1)).with_timezone(&Utc);
    let answer = book("FG12HJK").await.expect("sent");
    all_connections_back(&state).await;
    let counted = proxy.now() - before;
    assert_eq!(answer.status(), 201);
    let stays: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stays WHERE resident_id = $1")
        .bind(&resident)
        .fetch_one(state.db.pool())
        .await
        .expect("stays");
    assert_eq!(stays, 6);
    let seen = last_seen(&state, &token_hash).await;
    assert_eq!(seen, db::secs(state.now()), "the session's use is stored");
    eprintln!("one booking on PostgreSQL: {counted:?}");
    // Before issue 20's session 9: 13 statements (the session, its use, the council, BEGIN,
    // the lock, the overlap, the bundles, spend, the stay, the saved vehicles' count, the
    // vehicle, COMMIT, the index's read) and 10 pings, 5 when lent (sqlx's default) and 5
    // when given back: 23 round trips. Now: the session with the council, BEGIN with the
    // resident's lock, the reads, the writes with the session's use, COMMIT, the permission
    // index's read; the pings are those of the three connections given back.
    assert_eq!(
        counted.prepares, 0,
        "the statements were prepared in the warm-up"
    );
    assert_eq!(
        counted.statements, 6,
        "statements of one booking: {counted:?}"
    );
    assert_eq!(counted.pings, 3, "pings of one booking: {counted:?}");

    // A booking refused (the same car at the same time, not confirmed) writes nothing, but the
    // session's use is still stored before the answer.
    clock.advance(Duration::seconds(10));
    let answer = http
        .post(format!("{url}/api/v1/stays"))
        .bearer_auth(token)
        .json(&serde_json::json!({ "vrm": "FG12HJK", "start": start_of_last }))
        .send()
        .await
        .expect("sent");
    assert_eq!(answer.status(), 409);
    let seen = last_seen(&state, &token_hash).await;
    assert_eq!(
        seen,
        db::secs(state.now()),
        "a refused booking's use is stored"
    );
}

/// When the session was last used, as stored.
async fn last_seen(state: &permit_server::state::AppState, token_hash: &str) -> i64 {
    sqlx::query_scalar("SELECT last_seen_at FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .fetch_one(state.db.pool())
        .await
        .expect("session")
}

/// sqlx pings a connection given back to the pool in a task of its own: wait for those
/// pings, so that each is counted with the request that used the connection.
async fn all_connections_back(state: &permit_server::state::AppState) {
    let pool = state.db.pool();
    for _ in 0..500 {
        if pool.num_idle() == pool.size() as usize {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("connections still out after 5 s");
}
