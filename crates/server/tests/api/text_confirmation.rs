//! ACT-5: a texted stay counts only from the moment the SMS gateway accepted its confirmation
//! text; until then the stay says it is waiting for confirmation, and if the text can never be
//! delivered the stay is cancelled and its permit returned.

use crate::helpers::{Options, TestApp, bundles, enforcement_key, key, spawn_app_with, stand_at};
use permit_client::Client;
use permit_server::delivery::worker::{MAX_ATTEMPTS, drain_once};
use permit_server::delivery::{Delivery, DevLog, Outgoing, SendFuture, Sender};
use permit_test_support::PaysOnSandbox;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

const MOBILE: &str = "+447700900555";
const EMAIL: &str = "act5@example.org";

/// An SMS gateway that refuses every text until it is opened.
#[derive(Debug, Default)]
struct Gateway {
    open: AtomicBool,
    accepted: Mutex<Vec<String>>,
}

impl Sender for Gateway {
    fn send<'a>(&'a self, message: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            if !self.open.load(Ordering::SeqCst) {
                return Err("gateway unavailable".into());
            }
            self.accepted
                .lock()
                .expect("lock")
                .push(message.body.clone());
            Ok(())
        })
    }
}

/// A Hampshire resident with a bundle and a linked mobile, on a server whose texts go to
/// `gateway`, having texted `VISITOR AB12CDE` at 10:00.
async fn texted_stay(gateway: &Arc<Gateway>) -> (TestApp, Client) {
    let app = spawn_app_with(Options {
        delivery: Some(Delivery {
            email: Arc::new(DevLog),
            sms: gateway.clone(),
            held: false,
        }),
        ..Options::default()
    })
    .await;
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = app.resident_with_mobile("hampshire", EMAIL, MOBILE).await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let outcome = app.text("hampshire", MOBILE, "VISITOR AB12CDE").await;
    assert_eq!(outcome.outcome, "activated", "{}", outcome.reply);
    (app, resident)
}

async fn permitted(app: &TestApp, at: Option<chrono::DateTime<chrono::Utc>>) -> bool {
    app.client
        .enforcement_check(&enforcement_key("hampshire"), "AB12CDE", "W1", at)
        .await
        .expect("check")
        .permitted
}

#[tokio::test]
async fn act5_a_texted_stay_is_permitted_only_from_when_its_confirmation_text_is_accepted() {
    let gateway = Arc::new(Gateway::default());
    let (app, resident) = texted_stay(&gateway).await;
    let stay = resident.stays("upcoming").await.expect("stays").remove(0);
    assert!(stay.awaiting_confirmation, "the confirmation has not gone");
    assert!(!permitted(&app, None).await, "not before the text is sent");

    app.client.advance_clock(60).await.expect("clock");
    assert!(!permitted(&app, None).await, "still not, a minute on");
    gateway.open.store(true, Ordering::SeqCst);
    // The refused attempt waits out its backoff (30 s) before the next.
    app.client.advance_clock(60).await.expect("clock");
    let confirmed_at = app.state.now();
    drain_once(&app.state, &app.state.delivery)
        .await
        .expect("drain");
    let stay = wait_for(&resident, |s| !s.awaiting_confirmation).await;
    assert_eq!(stay.status, "active");
    assert!(
        permitted(&app, None).await,
        "permitted once the text is accepted"
    );
    assert!(
        permitted(&app, Some(confirmed_at)).await,
        "from the moment it was accepted"
    );
    assert!(
        !permitted(&app, Some(stay.starts_at)).await,
        "not at the stay's start, before its confirmation went"
    );
    let accepted = gateway.accepted.lock().expect("lock").clone();
    assert!(
        accepted
            .iter()
            .any(|t| t.starts_with("Visitor parking for AB12 CDE is active")),
        "{accepted:?}"
    );
}

#[tokio::test]
async fn act5_a_confirmation_that_cannot_be_delivered_cancels_the_stay_and_returns_its_permit() {
    let gateway = Arc::new(Gateway::default());
    let (app, resident) = texted_stay(&gateway).await;
    let held = |r: &Client| {
        let r = r.clone();
        async move { r.visitor_permits().await.expect("bundles")[0].remaining }
    };
    assert_eq!(held(&resident).await, 9, "the stay took a permit");
    // Each hour lets the next attempt through (the backoff is at most an hour).
    for _ in 0..=MAX_ATTEMPTS {
        assert!(!permitted(&app, None).await, "never permitted unconfirmed");
        app.client.advance_clock(3600).await.expect("clock");
        drain_once(&app.state, &app.state.delivery)
            .await
            .expect("drain");
    }
    // Eleven hours idle ended the session.
    let resident = app.resident_logged_in("hampshire", EMAIL).await;
    let past = resident.stays("past").await.expect("stays");
    assert_eq!(past.len(), 1, "{past:?}");
    assert_eq!(past[0].status, "cancelled");
    assert!(!past[0].awaiting_confirmation);
    assert_eq!(held(&resident).await, 10, "its permit is back");
    assert!(resident.stays("upcoming").await.expect("stays").is_empty());
    let emails = app.client.outbox(EMAIL).await.expect("outbox");
    assert!(
        emails
            .iter()
            .any(|m| m.body.contains("could not send its confirmation text")),
        "the resident is told by email"
    );
}

/// The stay once `done` holds (the background worker may be the one that sends).
async fn wait_for(
    resident: &Client,
    done: impl Fn(&permit_client::types::Stay) -> bool,
) -> permit_client::types::Stay {
    for _ in 0..100 {
        let stay = resident.stays("upcoming").await.expect("stays").remove(0);
        if done(&stay) {
            return stay;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the stay never changed");
}
