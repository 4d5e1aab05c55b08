//! Texts go to the configured HTTP SMS gateway as `{to, body, reference}` JSON; a gateway
//! error leaves the message queued for a retry.

// The fake gateway is a stand-in for someone else's server, not one of our handlers.
#![allow(clippy::disallowed_types)]

use crate::helpers::{Options, test_channels};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use permit_server::db::outbox::{NewMessage, insert};
use permit_server::delivery::worker::{backoff, drain_once};
use permit_server::payments::SandboxPayments;
use permit_server::secret::Secret;
use permit_test_support::TestDatabase;
use std::sync::{Arc, Mutex};

#[derive(Debug, Default)]
pub(crate) struct Gateway {
    pub(crate) received: Mutex<Vec<serde_json::Value>>,
    /// Answers 503 to the next request when set.
    down: Mutex<bool>,
}

async fn receive(
    State(gateway): State<Arc<Gateway>>,
    Json(body): Json<serde_json::Value>,
) -> StatusCode {
    let mut down = gateway.down.lock().expect("lock");
    if *down {
        *down = false;
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    gateway.received.lock().expect("lock").push(body);
    StatusCode::ACCEPTED
}

/// A gateway on a free port, bound before the test uses it, down for the first request.
async fn gateway() -> (Arc<Gateway>, String) {
    gateway_down_first(true).await
}

/// A gateway on a free port; with `down`, the first request is refused.
pub(crate) async fn gateway_down_first(down: bool) -> (Arc<Gateway>, String) {
    let gateway = Arc::new(Gateway {
        down: Mutex::new(down),
        ..Gateway::default()
    });
    let app = axum::Router::new()
        .route("/send", axum::routing::post(receive))
        .with_state(gateway.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/send", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (gateway, url)
}

#[tokio::test]
async fn texts_go_to_the_sms_gateway_and_a_refusal_is_retried() {
    let (gateway, url) = gateway().await;
    let database = TestDatabase::new().await;
    let mut options = Options {
        channels: test_channels(),
        ..Options::default()
    };
    options.channels.sms_gateway_url = Some(Secret::new(url));
    // Outside --demo both PIN channels must be configured; this test sends no email.
    options.channels.smtp_url = Some(Secret::new("smtp://127.0.0.1:1"));
    // Built but not run: the test drains the outbox itself.
    let app = options
        .build(&database, Arc::new(SandboxPayments::default()))
        .await;
    let state = app.state();
    let message = NewMessage {
        resident_id: None,
        channel: "sms",
        recipient: "+447700900123",
        body: "Visitor parking for AB12 CDE is active.",
        secret: false,
    };
    let mut conn = state.db.pool().acquire().await.expect("connection");
    insert(&mut conn, &message, state.now())
        .await
        .expect("queued");
    drop(conn);
    assert_eq!(
        drain_once(state, &state.delivery).await.expect("drain"),
        0,
        "gateway down"
    );
    state
        .test_clock
        .as_ref()
        .expect("test clock")
        .advance(backoff(1));
    assert_eq!(drain_once(state, &state.delivery).await.expect("drain"), 1);
    let received = gateway.received.lock().expect("lock").clone();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["to"], "+447700900123");
    assert_eq!(
        received[0]["body"],
        "Visitor parking for AB12 CDE is active."
    );
    assert!(
        received[0]["reference"]
            .as_str()
            .is_some_and(|r| r.starts_with("outbox-"))
    );
}
