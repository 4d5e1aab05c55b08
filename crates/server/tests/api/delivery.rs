//! The outbox worker: every queued message is sent exactly once, also across a restart in the
//! middle of a send, and a failed send is retried after its backoff.

use crate::helpers::{Options, test_channels};
use permit_server::Application;
use permit_server::db::outbox::{NewMessage, insert};
use permit_server::delivery::worker::{LEASE, drain_once};
use permit_server::delivery::{Delivery, Outgoing, SendFuture, Sender};
use permit_server::payments::SandboxPayments;
use permit_server::state::AppState;
use permit_test_support::TestDatabase;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// Records what it sent; can fail the next sends, or hang inside a send (a server that is
/// stopped mid-send).
#[derive(Debug, Default)]
struct Recorder {
    sent: Mutex<Vec<String>>,
    fail_next: AtomicUsize,
    hang: bool,
    entered: Notify,
}

impl Sender for Recorder {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            if self.hang {
                self.entered.notify_one();
                std::future::pending::<()>().await;
            }
            if self.fail_next.load(Ordering::SeqCst) > 0 {
                self.fail_next.fetch_sub(1, Ordering::SeqCst);
                return Err("gateway unavailable".into());
            }
            self.sent.lock().expect("lock").push(message.body.clone());
            Ok(())
        })
    }
}

impl Recorder {
    fn sent(&self) -> Vec<String> {
        self.sent.lock().expect("lock").clone()
    }
}

/// The server on `database`, built but not run: the test drains the outbox itself.
async fn server(database: &TestDatabase, recorder: &Arc<Recorder>) -> Application {
    let options = Options {
        channels: test_channels(),
        delivery: Some(Delivery::everything_to(recorder.clone())),
        ..Options::default()
    };
    options
        .build(database, Arc::new(SandboxPayments::default()))
        .await
}

async fn queue(state: &AppState, bodies: &[&str]) {
    let mut conn = state.db.pool().acquire().await.expect("connection");
    for body in bodies {
        let message = NewMessage {
            resident_id: None,
            channel: "email",
            recipient: "someone@example.org",
            body,
            secret: false,
        };
        insert(&mut conn, &message, state.now())
            .await
            .expect("queued");
    }
}

fn advance(state: &AppState, by: chrono::Duration) {
    state.test_clock.as_ref().expect("test clock").advance(by);
}

#[tokio::test]
async fn a_restarted_server_sends_each_queued_message_exactly_once() {
    let database = TestDatabase::new().await;
    let hanging = Arc::new(Recorder {
        hang: true,
        ..Recorder::default()
    });
    let first = server(&database, &hanging).await;
    let state = first.state().clone();
    queue(&state, &["one", "two", "three"]).await;
    let delivery = state.delivery.clone();
    let worker = tokio::spawn(async move { drain_once(&state, &delivery).await });
    hanging.entered.notified().await;
    // The server stops while "one" is being sent.
    worker.abort();
    drop(first);

    let recorder = Arc::new(Recorder::default());
    let second = server(&database, &recorder).await;
    let state = second.state();
    assert_eq!(drain_once(state, &state.delivery).await.expect("drain"), 2);
    assert_eq!(recorder.sent(), ["two", "three"], "'one' is still leased");
    advance(state, LEASE + chrono::Duration::seconds(1));
    assert_eq!(drain_once(state, &state.delivery).await.expect("drain"), 1);
    assert_eq!(drain_once(state, &state.delivery).await.expect("drain"), 0);
    assert_eq!(recorder.sent(), ["two", "three", "one"]);
    drop(second);

    let after = Arc::new(Recorder::default());
    let third = server(&database, &after).await;
    let state = third.state();
    advance(state, LEASE * 2);
    assert_eq!(drain_once(state, &state.delivery).await.expect("drain"), 0);
    assert!(
        after.sent().is_empty(),
        "nothing is sent twice after a restart"
    );
}

#[tokio::test]
async fn a_failed_send_is_retried_after_its_backoff() {
    let database = TestDatabase::new().await;
    let recorder = Arc::new(Recorder::default());
    recorder.fail_next.store(1, Ordering::SeqCst);
    let app = server(&database, &recorder).await;
    let state = app.state();
    queue(state, &["your PIN"]).await;
    assert_eq!(drain_once(state, &state.delivery).await.expect("drain"), 0);
    assert_eq!(
        drain_once(state, &state.delivery).await.expect("drain"),
        0,
        "not before the backoff"
    );
    advance(state, permit_server::delivery::worker::backoff(1));
    assert_eq!(drain_once(state, &state.delivery).await.expect("drain"), 1);
    assert_eq!(recorder.sent(), ["your PIN"]);
}
