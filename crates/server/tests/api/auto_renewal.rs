//! Auto-renewal (RP-6) through a recurring-payment agreement (issue 16), with the sandbox as the
//! provider: the agreement is set up by the first payment when the resident ticks auto-renewal,
//! the job charges it once when renewal opens (a lost reply retried with the same idempotency
//! key), a declined charge or a council without recurring payments sends a link to pay, and
//! switching auto-renewal off cancels the agreement at the provider.

use crate::helpers::TestApp;
use crate::helpers::{
    Options, assert_refused, key, spawn_app, spawn_app_with, stand_at, vehicle_permit,
};
use permit_client::Client;
use permit_client::types::{Permit, PurchaseOrder, ReviewDecision};
use permit_server::payments::provider::{AgreementState, PaymentProvider};
use permit_server::payments::settings::PaymentSettings;

pub(crate) const RENEWAL_OPENS: &str = "2026-12-15 00:00";

/// The app with the sandbox taking no recurring payments for Leicestershire (a council whose
/// GOV.UK Pay account has none).
pub(crate) async fn spawn_app_without_recurring() -> TestApp {
    spawn_app_with(Options {
        payments: Some(PaymentSettings {
            sandbox: true,
            sandbox_without_recurring: ["leicestershire".to_owned()].into(),
            ..PaymentSettings::default()
        }),
        ..Options::default()
    })
    .await
}

/// Switches the permit's auto-renewal off, then on again: the permit as each answer gives it.
pub(crate) async fn switched_off_and_on(resident: &Client, id: &str) -> (Permit, Permit) {
    let off = resident.set_auto_renew(id, false).await.expect("off");
    assert!(!off.auto_renew);
    let on = resident.set_auto_renew(id, true).await.expect("on");
    assert!(on.auto_renew);
    (off, on)
}

/// A Leicestershire resident permit bought on 15 January 2026 on the provider's page, with
/// auto-renewal ticked (`Some(true)`), unticked, or left to the product's default; approved.
pub(crate) async fn bought(app: &TestApp, email: &str, tick: Option<bool>) -> (Client, Permit) {
    bought_and_decided(app, email, tick, true).await
}

/// As [`bought`], with the council's decision: `approve`, or rejected (RP-2).
pub(crate) async fn bought_and_decided(
    app: &TestApp,
    email: &str,
    tick: Option<bool>,
    approve: bool,
) -> (Client, Permit) {
    let product = ("leicestershire", "resident", Some(12));
    bought_product(app, product, email, tick, approve).await
}

/// A `(council, product, months)` permit for AB12 CDE bought on 15 January 2026 on the
/// provider's page, with auto-renewal ticked, unticked or left alone, and decided as `approve`
/// says where the council reviews it. The receipt says how it renews, as the permit then does.
pub(crate) async fn bought_product(
    app: &TestApp,
    (council, product, months): (&str, &str, Option<u32>),
    email: &str,
    tick: Option<bool>,
    approve: bool,
) -> (Client, Permit) {
    stand_at(app, "2026-01-15 10:00").await;
    let resident = app.resident(council, email).await;
    let order = PurchaseOrder {
        auto_renew: tick,
        ..vehicle_permit(product, "AB12CDE", months)
    };
    let order = resident
        .start_purchase(&key(), &order)
        .await
        .expect("order");
    app.pay_and_close_the_tab(&order);
    let order = resident.purchase_order(&order.id).await.expect("settled");
    assert_eq!(order.state, "paid");
    let receipt = order.receipt.expect("issued");
    let issued = receipt.permit.expect("a permit");
    if issued.state == "pending_review" {
        let decision = ReviewDecision {
            approve,
            reason: None,
        };
        app.client
            .decide_purchase(&receipt.payment.id, &decision)
            .await
            .expect("decided");
    }
    let permit = resident.permit(&issued.id).await.expect("permit");
    if approve {
        assert_eq!(issued.renews_by, permit.renews_by, "{issued:?}");
    }
    (resident, permit)
}

/// The agreement the permit names (storage, not the API).
pub(crate) async fn agreement_of(app: &TestApp, permit_id: &str) -> Option<String> {
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let (agreement,): (Option<String>,) =
        sqlx::query_as("SELECT agreement_id FROM permits WHERE id = $1")
            .bind(permit_id)
            .fetch_one(&mut *conn)
            .await
            .expect("permit");
    agreement
}

pub(crate) async fn status(app: &TestApp, agreement: &str) -> AgreementState {
    app.payments
        .agreement_status(agreement)
        .await
        .expect("known to the sandbox")
}

/// Messages to `email` containing `text`.
pub(crate) async fn told(app: &TestApp, email: &str, text: &str) -> Vec<String> {
    app.client
        .outbox(email)
        .await
        .expect("outbox")
        .into_iter()
        .map(|m| m.body)
        .filter(|b| b.contains(text))
        .collect()
}

pub(crate) async fn run_jobs(app: &TestApp) {
    permit_server::jobs::run_due(&app.state)
        .await
        .expect("jobs ran");
}

#[tokio::test]
async fn rp6_ticking_auto_renewal_sets_up_an_agreement_with_the_first_payment() {
    let app = spawn_app().await;
    let (_, permit) = bought(&app, "rp6-tick@example.org", Some(true)).await;
    assert!(permit.auto_renew);
    let agreement = agreement_of(&app, &permit.id).await.expect("an agreement");
    assert_eq!(status(&app, &agreement).await, AgreementState::Active);

    let (_, unticked) = bought(&app, "rp6-untick@example.org", Some(false)).await;
    assert!(!unticked.auto_renew, "left unticked, auto-renewal is off");
    assert_eq!(agreement_of(&app, &unticked.id).await, None);

    stand_at(&app, "2026-01-15 10:00").await;
    let annual = app.resident("leicester", "rp6-annual@example.org").await;
    let order = PurchaseOrder {
        auto_renew: Some(true),
        ..vehicle_permit("annual-visitor", "AB12CDE", None)
    };
    let error = annual
        .start_purchase(&key(), &order)
        .await
        .expect_err("not offered");
    assert_refused(&error, 422, "auto_renewal_not_offered", Some("auto_renew"));
}

#[tokio::test]
async fn rp6_the_job_charges_the_agreement_once_when_renewal_opens_even_run_twice() {
    let app = spawn_app().await;
    let (_, permit) = bought(&app, "rp6-once@example.org", Some(true)).await;
    let agreement = agreement_of(&app, &permit.id).await.expect("agreement");
    assert_eq!(app.payments.charges(), 1);
    stand_at(&app, "2026-12-14 23:59").await;
    assert_eq!(app.payments.charges(), 1, "not before renewal opens");
    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    run_jobs(&app).await;
    assert_eq!(app.payments.charges(), 2, "charged once to the agreement");
    let resident = app
        .resident_logged_in("leicestershire", "rp6-once@example.org")
        .await;
    let permits = resident.permits().await.expect("permits");
    assert_eq!(permits.len(), 2, "renewed exactly once");
    assert_eq!(permits[1].starts_at, permits[0].expires_at);
    assert!(permits[1].auto_renew);
    assert_eq!(
        agreement_of(&app, &permits[1].id).await.as_deref(),
        Some(agreement.as_str()),
        "the next period renews with the same agreement"
    );
    assert_eq!(resident.payments().await.expect("history").len(), 2);
    assert_eq!(
        told(&app, "rp6-once@example.org", "renewed automatically")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn rp6_a_declined_recurring_payment_tells_the_resident_and_emails_a_link_to_pay() {
    let app = spawn_app().await;
    let (_, permit) = bought(&app, "rp6-declined@example.org", Some(true)).await;
    app.payments.decline_recurring_charges(true);
    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    assert_eq!(app.payments.charges(), 1, "nothing taken");
    let links = told(
        &app,
        "rp6-declined@example.org",
        "could not renew itself automatically",
    )
    .await;
    assert_eq!(links.len(), 1, "told once: {links:?}");
    assert!(links[0].contains("declined"), "{}", links[0]);
    assert!(links[0].contains("/permits"), "{}", links[0]);
    let resident = app
        .resident_logged_in("leicestershire", "rp6-declined@example.org")
        .await;
    let permits = resident.permits().await.expect("permits");
    assert_eq!(permits.len(), 1, "not renewed");
    assert_eq!(permits[0].id, permit.id);
}

#[tokio::test]
async fn rp6_a_council_without_recurring_payments_emails_a_link_instead() {
    let app = spawn_app_without_recurring().await;
    let (_, permit) = bought(&app, "rp6-norecurring@example.org", Some(true)).await;
    assert!(permit.auto_renew, "the resident's choice stands");
    assert_eq!(
        agreement_of(&app, &permit.id).await,
        None,
        "no agreement made"
    );
    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    assert_eq!(app.payments.charges(), 1);
    let links = told(
        &app,
        "rp6-norecurring@example.org",
        "could not renew itself automatically",
    )
    .await;
    assert_eq!(links.len(), 1, "{links:?}");
    assert!(links[0].contains("no automatic payments"), "{}", links[0]);
}

#[tokio::test]
async fn rp6_switching_auto_renewal_off_cancels_the_agreement_at_the_provider() {
    let app = spawn_app().await;
    let (resident, permit) = bought(&app, "rp6-off@example.org", Some(true)).await;
    let agreement = agreement_of(&app, &permit.id).await.expect("agreement");
    let off = resident
        .set_auto_renew(&permit.id, false)
        .await
        .expect("switched off");
    assert!(!off.auto_renew);
    assert_eq!(status(&app, &agreement).await, AgreementState::Cancelled);
    assert_eq!(agreement_of(&app, &permit.id).await, None);
    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    assert_eq!(
        app.payments.charges(),
        1,
        "nothing charged once switched off"
    );
    assert_eq!(
        told(&app, "rp6-off@example.org", "renew it now")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn rp6_switched_off_and_on_again_it_has_no_card_to_charge_and_says_so() {
    let app = spawn_app().await;
    let (resident, permit) = bought(&app, "rp6-again@example.org", Some(true)).await;
    resident
        .set_auto_renew(&permit.id, false)
        .await
        .expect("switched off");
    let on = resident
        .set_auto_renew(&permit.id, true)
        .await
        .expect("switched on again");
    assert!(on.auto_renew);
    assert_eq!(agreement_of(&app, &permit.id).await, None, "ended when off");
    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    assert_eq!(app.payments.charges(), 1, "no card to charge");
    let links = told(
        &app,
        "rp6-again@example.org",
        "could not renew itself automatically",
    )
    .await;
    assert_eq!(links.len(), 1, "{links:?}");
    // This council takes recurring payments: what is missing is this permit's card.
    assert!(links[0].contains("no card is set up"), "{}", links[0]);
    assert!(!links[0].contains("no automatic payments"), "{}", links[0]);
}

#[tokio::test]
async fn act6_rp6_an_agent_switching_auto_renewal_off_cancels_the_agreement() {
    let app = spawn_app().await;
    let (_, permit) = bought(&app, "rp6-agent@example.org", Some(true)).await;
    let agreement = agreement_of(&app, &permit.id).await.expect("agreement");
    let agent = app
        .staff_named(
            "leicestershire",
            "agent",
            "agent@leicestershire.gov.example",
            "Robin Agent",
        )
        .await;
    let caller = permit_client::types::CallerVerification {
        postcode: "LE11 3AB".into(),
        house: "7".into(),
        contact: "rp6-agent@example.org".into(),
    };
    let call = agent.verify_caller(&caller).await.expect("verified");
    agent
        .agent_set_auto_renew(&call.id, &permit.id, false)
        .await
        .expect("off");
    assert_eq!(status(&app, &agreement).await, AgreementState::Cancelled);
}

#[tokio::test]
async fn rp6_a_provider_5xx_after_the_charge_is_retried_with_the_same_key_and_charges_once() {
    let app = spawn_app().await;
    bought(&app, "rp6-5xx@example.org", Some(true)).await;
    app.payments.lose_recurring_replies(1);
    stand_at(&app, RENEWAL_OPENS).await;
    assert_eq!(app.payments.charges(), 2, "the provider took the money");
    let resident = app
        .resident_logged_in("leicestershire", "rp6-5xx@example.org")
        .await;
    assert_eq!(
        resident.permits().await.expect("permits").len(),
        1,
        "the reply was lost: not renewed yet"
    );
    run_jobs(&app).await;
    run_jobs(&app).await;
    assert_eq!(app.payments.charges(), 2, "the retry charged nothing more");
    assert_eq!(resident.permits().await.expect("permits").len(), 2);
    assert_eq!(
        told(&app, "rp6-5xx@example.org", "renewed automatically")
            .await
            .len(),
        1
    );
}
