//! Two server processes on one database, the deployment shape (N stateless servers behind a
//! load balancer on one PostgreSQL; crates/server/README.md): the real binary, started
//! together, each request sent to one or the other. Run on SQLite too, where two processes
//! on one file also hold once started (though one process is the SQLite deployment).

use crate::delivery_gateway::gateway_down_first;
use crate::helpers::{bundles, join_all, key};
use permit_client::Client;
use permit_client::types::StayBooking;
use permit_server::db::outbox::{NewMessage, insert};
use permit_server::secret::Secret;
use permit_test_support::PaysOnSandbox;
use permit_test_support::{ServerProcess, TestDatabase, resident};
use std::path::Path;
use std::time::Duration;

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_permit-server"))
}

/// Two servers on `database`, started together on PostgreSQL. SQLite is a one-process
/// deployment whose start-up (WAL set-up, migrations) takes the file's lock: one after the
/// other there.
pub(crate) fn pair(database: &TestDatabase, env: &[(&str, &str)]) -> [ServerProcess; 2] {
    let mut both = if database.url().starts_with("sqlite:") {
        let mut first = ServerProcess::start_together(1, binary(), database, env);
        first.extend(ServerProcess::start_together(1, binary(), database, env));
        first
    } else {
        ServerProcess::start_together(2, binary(), database, env)
    };
    let b = both.pop().expect("two");
    let a = both.pop().expect("two");
    [a, b]
}

/// A wall-clock time in Europe/London, as an instant.
fn local(wall: &str) -> chrono::DateTime<chrono::Utc> {
    let wall = chrono::NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M").expect("wall time");
    permit_rules::time::from_local(wall)
}

/// Both servers' test clocks at `at` (each process has its own).
async fn both_at(servers: &[ServerProcess; 2], at: chrono::DateTime<chrono::Utc>) {
    for server in servers {
        server.client.set_clock(at).await.expect("clock set");
    }
}

/// A resident logged in through `server`, and the same session sent to `other`.
pub(crate) async fn resident_on_both(
    server: &ServerProcess,
    other: &ServerProcess,
    email: &str,
) -> (Client, Client) {
    resident::register(&server.client, "hampshire", email).await;
    let here = resident::log_in_with_latest_pin(&server.client, "hampshire", email).await;
    let token = here.token().expect("logged in").to_owned();
    let there = Client::new(&other.url).with_token(token);
    (here, there)
}

#[tokio::test]
async fn two_servers_fifty_bookings_across_both_spend_exactly_the_permits_held() {
    let database = TestDatabase::new().await;
    let servers = pair(&database, &[]);
    let [a, b] = &servers;
    let (on_a, on_b) = resident_on_both(a, b, "two@example.org").await;
    on_a.buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("10 visitor permits");
    let attempts = (0..50).map(|i| {
        let resident = if i % 2 == 0 { &on_a } else { &on_b }.clone();
        async move {
            let booking = StayBooking {
                vrm: format!("AB{i:02}CDE"),
                ..StayBooking::default()
            };
            resident.book_stay(&booking).await
        }
    });
    let results = join_all(attempts).await;
    let refused: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(results.len() - refused.len(), 10, "{refused:?}");
    assert!(
        refused.iter().all(|e| e.code() == Some("no_permits_left")),
        "{refused:?}"
    );
    for resident in [&on_a, &on_b] {
        assert_eq!(resident.stays("upcoming").await.expect("stays").len(), 10);
        let held = resident.visitor_permits().await.expect("held");
        assert_eq!(held.iter().map(|b| b.remaining).sum::<u32>(), 0);
    }
}

#[tokio::test]
async fn two_servers_run_the_scheduled_jobs_once_between_them() {
    let database = TestDatabase::new().await;
    let servers = pair(&database, &[]);
    // Each process runs the jobs as it starts and then every minute: wait for the first run,
    // then give the other a moment to have run too, had it taken a lease.
    ServerProcess::wait_for_lines(&servers, "scheduled jobs ran", 1).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let runs = ServerProcess::wait_for_lines(&servers, "scheduled jobs ran", 1).await;
    assert_eq!(runs, 1, "one of the two took the minute's lease");
    // A move of the test clock still runs them on the process whose clock moved.
    let [a, b] = &servers;
    a.client
        .set_clock(local("2026-12-01 10:00"))
        .await
        .expect("clock set");
    b.client
        .set_clock(local("2026-12-01 10:00"))
        .await
        .expect("clock set");
    let runs = ServerProcess::wait_for_lines(&servers, "scheduled jobs ran", 3).await;
    assert_eq!(runs, 3, "the start-up run and one per clock move");
}

#[tokio::test]
async fn two_servers_send_each_outbox_message_once() {
    let (gateway, url) = gateway_down_first(false).await;
    let database = TestDatabase::new().await;
    // Real channels: both workers send (email goes nowhere; only texts are queued here).
    let env = [
        ("PERMITS_SMS_GATEWAY_URL", url.as_str()),
        ("PERMITS_SMTP_URL", "smtp://127.0.0.1:1"),
    ];
    let servers = pair(&database, &env);
    let db = permit_server::db::Db::connect(&Secret::new(database.url()))
        .await
        .expect("database");
    let now = chrono::Utc::now();
    let mut conn = db.pool().acquire().await.expect("connection");
    for i in 0..40 {
        let body = format!("Message {i}");
        let message = NewMessage {
            resident_id: None,
            channel: "sms",
            recipient: "+447700900123",
            body: &body,
            secret: false,
        };
        insert(&mut conn, &message, now).await.expect("queued");
    }
    // One a crashed server had claimed: its lease ran out, so it is sent again.
    let crashed = NewMessage {
        resident_id: None,
        channel: "sms",
        recipient: "+447700900123",
        body: "Claimed by a server that then crashed",
        secret: false,
    };
    insert(&mut conn, &crashed, now).await.expect("queued");
    sqlx::query("UPDATE outbox SET attempts = 1, lease_until = $1 WHERE body = $2")
        .bind(permit_server::db::secs(now - chrono::Duration::minutes(1)))
        .bind(crashed.body)
        .execute(&mut *conn)
        .await
        .expect("leased");
    drop(conn);
    let references = || {
        let received = gateway.received.lock().expect("lock");
        received
            .iter()
            .map(|m| m["reference"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    for _ in 0..120 {
        if references().len() >= 41 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Another round of both workers' polling: nothing more goes.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let mut sent = references();
    let total = sent.len();
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), 41, "every message went");
    assert_eq!(total, 41, "none went twice");
    drop(servers);
}

#[tokio::test]
async fn two_servers_keep_one_idle_timer_for_a_session_used_on_both() {
    let database = TestDatabase::new().await;
    let servers = pair(&database, &[]);
    let [a, b] = &servers;
    let start = local("2026-12-01 10:00");
    both_at(&servers, start).await;
    let (on_a, on_b) = resident_on_both(a, b, "idle@example.org").await;
    both_at(&servers, start + chrono::Duration::minutes(20)).await;
    on_a.me().await.expect("used on A after 20 minutes");
    // 40 minutes after login, 20 after its use on A: alive on B.
    both_at(&servers, start + chrono::Duration::minutes(40)).await;
    on_b.me().await.expect("B sees the use on A");
    // 31 minutes after its use on B: ended on A as well.
    both_at(&servers, start + chrono::Duration::minutes(71)).await;
    let error = on_a.me().await.expect_err("idle for 31 minutes");
    assert_eq!(error.status(), Some(401), "{error:?}");
}

#[tokio::test]
async fn two_servers_refuse_a_signed_text_replayed_to_the_other() {
    let database = TestDatabase::new().await;
    let servers = pair(
        &database,
        &[("PERMITS_SMS_WEBHOOK_KEY", crate::helpers::SMS_SECRET)],
    );
    let [a, b] = &servers;
    let start = local("2026-12-01 10:00");
    both_at(&servers, start).await;
    let sms = permit_client::types::InboundSms {
        message_id: "gw-both".into(),
        from: "+447700900123".into(),
        text: "VISITOR AB12CDE".into(),
    };
    let sign = crate::helpers_sms::sign_with(crate::helpers::SMS_SECRET);
    let at = start.timestamp();
    a.client
        .inbound_sms("hampshire", &sms, at, &sign)
        .await
        .expect("accepted by A");
    let replayed = b.client.inbound_sms("hampshire", &sms, at, &sign).await;
    crate::helpers::assert_refused(replayed, 401, "replayed_signature", None);
}
