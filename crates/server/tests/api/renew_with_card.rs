//! RP-6 on the renew pages: a resident renewing a permit they hold (Manage permits' "Renew this
//! permit", or the emailed link's ready-made order) ticks "Renew automatically" and the payment
//! sets up a recurring-payment agreement exactly as a purchase's does; the next period renews
//! by that card, charged once by the job. Paying by link without the tick keeps a card still
//! set up. Where the council's account takes no recurring payments the answer is refused.

use crate::auto_renewal::{
    RENEWAL_OPENS, agreement_of, bought, run_jobs, spawn_app_without_recurring, status,
    switched_off_and_on,
};
use crate::helpers::{TestApp, assert_refused, key, spawn_app, stand_at};
use permit_client::Client;
use permit_client::types::{
    PaymentOrder, Permit, ReadyRenewalPayment, RenewalOrder, RenewsBy, ReviewDecision,
};
use permit_server::payments::provider::AgreementState;
use permit_test_support::outbox::renewal_link;

const TICKED: Option<bool> = Some(true);

/// A Leicestershire resident permit bought with a card, switched off and on again (so no card
/// is set up: `payment_link`), and the resident logged in again once its renewal has opened.
async fn without_a_card(app: &TestApp, email: &str) -> (Client, Permit) {
    let (resident, permit) = bought(app, email, TICKED).await;
    let (_, on) = switched_off_and_on(&resident, &permit.id).await;
    assert_eq!(on.renews_by, RenewsBy::PaymentLink);
    stand_at(app, RENEWAL_OPENS).await;
    let resident = app.resident_logged_in("leicestershire", email).await;
    (resident, permit)
}

/// A permit bought with a card, whose charge the card's bank declined when renewal opened (the
/// agreement itself still good, so a link to pay was emailed); the resident logged in again.
pub(crate) async fn declined_when_renewal_opened(
    app: &TestApp,
    email: &str,
) -> (Client, Permit, String) {
    let (_, permit) = bought(app, email, TICKED).await;
    let agreement = agreement_of(app, &permit.id).await.expect("an agreement");
    app.payments.decline_recurring_charges(true);
    stand_at(app, RENEWAL_OPENS).await;
    app.payments.decline_recurring_charges(false);
    let resident = app.resident_logged_in("leicestershire", email).await;
    (resident, permit, agreement)
}

/// Pays the order on the provider's page and closes the tab: the renewed period.
pub(crate) async fn paid(app: &TestApp, resident: &Client, order: &PaymentOrder) -> Permit {
    app.pay_and_close_the_tab(order);
    let order = resident.purchase_order(&order.id).await.expect("settled");
    assert_eq!(order.state, "paid");
    let receipt = order.receipt.expect("issued");
    let next = receipt.permit.expect("the next period");
    if next.state == "pending_review" {
        let approve = ReviewDecision {
            approve: true,
            reason: None,
        };
        app.client
            .decide_purchase(&receipt.payment.id, &approve)
            .await
            .expect("approved");
    }
    let approved = resident.permit(&next.id).await.expect("the next period");
    assert_eq!(approved.state, "active");
    assert_eq!(approved.renews_by, next.renews_by, "as the receipt said");
    approved
}

/// Renews the permit on Manage permits with "Renew automatically" ticked, and pays: the next
/// period.
async fn renewed_ticked(app: &TestApp, resident: &Client, permit: &Permit) -> Permit {
    let started = started_ticked(resident, permit).await;
    paid(app, resident, &started).await
}

/// A renewal order of the permit made on Manage permits with "Renew automatically" ticked.
pub(crate) async fn started_ticked(resident: &Client, permit: &Permit) -> PaymentOrder {
    let order = RenewalOrder {
        auto_renew: TICKED,
        ..RenewalOrder::default()
    };
    resident
        .start_renewal(&permit.id, &key(), &order)
        .await
        .expect("renewal order")
}

/// When the next period's renewal opens, the job charges it to the agreement, once.
async fn next_renewal_charged(app: &TestApp, email: &str, (next, agreement): (&Permit, &str)) {
    let charges = app.payments.charges();
    // December: London's time is UTC.
    let opens = next.renewal_opens_at.format("%Y-%m-%d %H:%M").to_string();
    stand_at(app, &opens).await;
    run_jobs(app).await;
    assert_eq!(
        app.payments.charges(),
        charges + 1,
        "charged once by the card"
    );
    let resident = app.resident_logged_in("leicestershire", email).await;
    let permits = resident.permits().await.expect("permits");
    assert_eq!(permits.len(), 3, "renewed by the card");
    assert_eq!(permits[2].renews_by, RenewsBy::CardOnFile);
    assert_eq!(
        agreement_of(app, &permits[2].id).await.as_deref(),
        Some(agreement)
    );
}

#[tokio::test]
async fn rp6_renewing_with_renew_automatically_ticked_sets_up_a_card_the_job_then_charges() {
    let app = spawn_app().await;
    let email = "renew-tick@example.org";
    let (resident, permit) = without_a_card(&app, email).await;
    let next = renewed_ticked(&app, &resident, &permit).await;
    assert!(next.auto_renew);
    assert_eq!(next.renews_by, RenewsBy::CardOnFile);
    let agreement = agreement_of(&app, &next.id).await.expect("an agreement");
    assert_eq!(status(&app, &agreement).await, AgreementState::Active);
    next_renewal_charged(&app, email, (&next, &agreement)).await;
}

#[tokio::test]
async fn rp6_the_emailed_link_with_renew_automatically_ticked_sets_up_a_card() {
    let app = spawn_app().await;
    let email = "renew-link-tick@example.org";
    let (resident, permit) = without_a_card(&app, email).await;
    run_jobs(&app).await;
    let link = renewal_link(&app.client, email, "could not renew itself automatically").await;
    assert_eq!(link.permit, permit.id);
    let ticked = ReadyRenewalPayment {
        auto_renew: TICKED,
        ..ReadyRenewalPayment::default()
    };
    let started = resident
        .pay_ready_order_with(&link.order, &ticked)
        .await
        .expect("to payment");
    let next = paid(&app, &resident, &started).await;
    assert_eq!(next.renews_by, RenewsBy::CardOnFile);
    let agreement = agreement_of(&app, &next.id).await.expect("an agreement");
    next_renewal_charged(&app, email, (&next, &agreement)).await;
}

#[tokio::test]
async fn rp6_paid_by_link_after_a_declined_charge_the_card_still_set_up_renews_the_next_period() {
    let app = spawn_app().await;
    let email = "renew-link-keeps@example.org";
    let (resident, permit, agreement) = declined_when_renewal_opened(&app, email).await;
    let link = renewal_link(&app.client, email, "could not renew itself automatically").await;
    assert_eq!(link.permit, permit.id);
    let started = resident
        .pay_ready_order(&link.order)
        .await
        .expect("to payment");
    let next = paid(&app, &resident, &started).await;
    // The resident never switched it off: the card they agreed to carries on.
    assert_eq!(next.renews_by, RenewsBy::CardOnFile);
    assert_eq!(
        agreement_of(&app, &next.id).await.as_deref(),
        Some(agreement.as_str())
    );
    assert_eq!(status(&app, &agreement).await, AgreementState::Active);
    next_renewal_charged(&app, email, (&next, &agreement)).await;
}

#[tokio::test]
async fn rp6_ticked_again_while_a_card_is_set_up_the_new_card_replaces_the_old_one() {
    let app = spawn_app().await;
    let email = "renew-replaces@example.org";
    // The agreement is still good: the resident renews by hand and ticks it again, maybe to
    // pay with another card.
    let (resident, permit, old) = declined_when_renewal_opened(&app, email).await;
    let next = renewed_ticked(&app, &resident, &permit).await;
    let new = agreement_of(&app, &next.id).await.expect("an agreement");
    assert_ne!(new, old);
    run_jobs(&app).await;
    assert_eq!(
        status(&app, &old).await,
        AgreementState::Cancelled,
        "not left running"
    );
    next_renewal_charged(&app, email, (&next, &new)).await;
}

#[tokio::test]
async fn rp6_without_recurring_payments_renewing_refuses_renew_automatically() {
    let app = spawn_app_without_recurring().await;
    let email = "renew-tick-norecurring@example.org";
    let (_, permit) = bought(&app, email, TICKED).await;
    stand_at(&app, RENEWAL_OPENS).await;
    let resident = app.resident_logged_in("leicestershire", email).await;
    for answer in [Some(true), Some(false)] {
        let order = RenewalOrder {
            auto_renew: answer,
            ..RenewalOrder::default()
        };
        let refused = resident
            .start_renewal(&permit.id, &key(), &order)
            .await
            .expect_err("no recurring payments");
        assert_refused(&refused, 422, "recurring_payments_not_taken", "auto_renew");
    }
    run_jobs(&app).await;
    let link = renewal_link(&app.client, email, "could not renew itself automatically").await;
    let ticked = ReadyRenewalPayment {
        auto_renew: TICKED,
        ..ReadyRenewalPayment::default()
    };
    let refused = resident
        .pay_ready_order_with(&link.order, &ticked)
        .await
        .expect_err("no recurring payments");
    assert_refused(&refused, 422, "recurring_payments_not_taken", "auto_renew");
    let ready = resident.purchase_order(&link.order).await.expect("read");
    assert_eq!(ready.state, "ready", "still there to pay without it");
    assert_eq!(app.payments.charges(), 1, "only the purchase");
}

#[tokio::test]
async fn rp6_a_ticked_renewal_refunded_because_the_permit_ended_cancels_the_card_it_set_up() {
    let app = spawn_app().await;
    let email = "renew-tick-refunded@example.org";
    let (resident, permit) = without_a_card(&app, email).await;
    let started = started_ticked(&resident, &permit).await;
    // Cancelled (RP-5) while the payment page was open, then paid on it.
    resident.cancel_permit(&permit.id).await.expect("cancelled");
    app.pay_and_close_the_tab(&started);
    let ended = resident.purchase_order(&started.id).await.expect("settled");
    assert_eq!(ended.state, "refunded");
    let agreement = order_agreement(&app, &started.id).await;
    run_jobs(&app).await;
    assert_eq!(
        status(&app, &agreement).await,
        AgreementState::Cancelled,
        "the refunded payment's card is not left set up"
    );
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let (naming,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM permits WHERE agreement_id = $1")
        .bind(&agreement)
        .fetch_one(&mut *conn)
        .await
        .expect("count");
    assert_eq!(naming, 0, "no permit renews with it");
}

/// The agreement the order's payment set up (storage, not the API).
async fn order_agreement(app: &TestApp, order_id: &str) -> String {
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let (agreement,): (Option<String>,) =
        sqlx::query_as("SELECT agreement_id FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_one(&mut *conn)
            .await
            .expect("order");
    agreement.expect("the ticked order set one up")
}
