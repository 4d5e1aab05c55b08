//! RP-6: each permit says how its next period will be paid for (`renews_by`), exactly as the
//! renewal job then does it: the card agreed to when buying, a link to pay where no card is set
//! up for it or the council's payment account takes no recurring payments, or a reminder (RP-4,
//! AVP-3: emailed, so none without an email address). A renewed period says it is renewed, and
//! until when the new period runs.

use crate::auto_renewal::{
    RENEWAL_OPENS, agreement_of, bought, bought_product, run_jobs, spawn_app_without_recurring,
    switched_off_and_on, told,
};
use crate::helpers::{assert_refused, key, registration, spawn_app, stand_at, vehicle_permit};
use permit_client::types::{RenewalOrder, RenewsBy, ReviewDecision};
use permit_test_support::PaysOnSandbox;

const LINK: &str = "could not renew itself automatically";

#[tokio::test]
async fn rp6_a_card_set_up_when_buying_renews_it_until_switched_off_then_a_link_is_sent() {
    let app = spawn_app().await;
    let email = "renews-by-card@example.org";
    let (resident, permit) = bought(&app, email, Some(true)).await;
    assert!(agreement_of(&app, &permit.id).await.is_some());
    assert_eq!(permit.renews_by, RenewsBy::CardOnFile);
    let listed = resident.permits().await.expect("permits");
    assert_eq!(listed[0].renews_by, RenewsBy::CardOnFile);

    let (off, on) = switched_off_and_on(&resident, &permit.id).await;
    assert_eq!(off.renews_by, RenewsBy::Reminder);
    // Back on, the agreement has gone with the switch: nothing will be charged.
    assert_eq!(on.renews_by, RenewsBy::PaymentLink);
    let read = resident.permit(&permit.id).await.expect("permit");
    assert_eq!(read.renews_by, RenewsBy::PaymentLink);

    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    assert_eq!(app.payments.charges(), 1, "only the first payment");
    let links = told(&app, email, LINK).await;
    assert_eq!(links.len(), 1, "{links:?}");
    assert!(links[0].contains("no card is set up"), "{}", links[0]);
}

#[tokio::test]
async fn rp6_renewed_by_the_card_the_next_period_renews_by_it_too() {
    let app = spawn_app().await;
    let email = "renews-by-next@example.org";
    bought(&app, email, Some(true)).await;
    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    // Months later: the session from buying has ended.
    let resident = app.resident_logged_in("leicestershire", email).await;
    let permits = resident.permits().await.expect("permits");
    assert_eq!(permits.len(), 2, "renewed by the card");
    assert_eq!(permits[1].renews_by, RenewsBy::CardOnFile);
    // The period the card paid for is renewed: it will not be charged again.
    assert_eq!(permits[0].renews_by, RenewsBy::Renewed);
    assert_eq!(permits[0].renewed_until, Some(permits[1].expires_at));
    assert_eq!(permits[1].renewed_until, None);
}

#[tokio::test]
async fn rp4_a_permit_renewed_by_hand_says_until_when_the_new_period_runs() {
    let app = spawn_app().await;
    let email = "renews-by-renewed@example.org";
    let (_, permit) = bought(&app, email, Some(false)).await;
    stand_at(&app, RENEWAL_OPENS).await;
    let resident = app.resident_logged_in("leicestershire", email).await;
    let open = resident.permit(&permit.id).await.expect("permit");
    assert_eq!(
        (open.renews_by, open.renewed_until),
        (RenewsBy::Reminder, None)
    );
    let order = resident
        .start_renewal(&permit.id, &key(), &RenewalOrder::default())
        .await
        .expect("renewal order");
    app.pay_and_close_the_tab(&order);
    let order = resident.purchase_order(&order.id).await.expect("settled");
    let receipt = order.receipt.expect("paid");
    let next = receipt.permit.expect("the next period");
    // Waiting for the council's review (RP-2), it is renewed all the same.
    assert_eq!(next.state, "pending_review");
    for old in [
        resident.permit(&permit.id).await.expect("permit"),
        resident.permits().await.expect("permits").remove(0),
    ] {
        assert_eq!(old.id, permit.id);
        assert_eq!(old.renews_by, RenewsBy::Renewed);
        assert_eq!(old.renewed_until, Some(next.expires_at));
    }
    let refused = resident
        .start_renewal(&permit.id, &key(), &RenewalOrder::default())
        .await
        .expect_err("renewed once");
    assert_refused(&refused, 409, "already_renewed", None);
    // Rejected (RP-2), the new period does not count: the permit can be renewed again.
    let reject = ReviewDecision {
        approve: false,
        reason: Some("no proof".into()),
    };
    app.client
        .decide_purchase(&receipt.payment.id, &reject)
        .await
        .expect("rejected");
    let again = resident.permit(&permit.id).await.expect("permit");
    assert_eq!(
        (again.renews_by, again.renewed_until),
        (RenewsBy::Reminder, None)
    );
}

#[tokio::test]
async fn rp4_avp3_without_an_email_address_no_reminder_is_promised_or_sent() {
    const MOBILE: &str = "+447700900654";
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let mut body = registration("leicester", "unused");
    body.email = None;
    body.mobile = Some("07700 900654".into());
    app.client
        .register("leicester", &body)
        .await
        .expect("registers by mobile");
    let resident = app.resident_logged_in("leicester", MOBILE).await;
    let receipt = resident
        .buy(&key(), &vehicle_permit("annual-visitor", "AB12CDE", None))
        .await
        .expect("bought");
    let permit = receipt.permit.expect("a permit");
    // AVP-3: reminders are emailed to residents who gave an email address.
    assert_eq!(permit.renews_by, RenewsBy::NoReminder);
    let opened = stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    // The texts from buying are over 90 days old by now, and deleted (jobs/retention.rs).
    let outbox = app.client.outbox(MOBILE).await.expect("outbox");
    let sent: Vec<&str> = outbox
        .iter()
        .filter(|m| m.created_at >= opened)
        .map(|m| m.body.as_str())
        .collect();
    assert!(sent.is_empty(), "nothing sent: {sent:?}");
    let resident = app.resident_logged_in("leicester", MOBILE).await;
    let shown = resident.permit(&permit.id).await.expect("permit");
    assert_eq!(shown.renews_by, RenewsBy::NoReminder);
}

#[tokio::test]
async fn rp6_unticked_or_not_offered_it_renews_after_a_reminder_and_cancelled_not_at_all() {
    let app = spawn_app().await;
    let (resident, permit) = bought(&app, "renews-by-unticked@example.org", Some(false)).await;
    assert_eq!(permit.renews_by, RenewsBy::Reminder);
    // AVP-3: Leicester's annual visitor permits never renew themselves.
    let annual = ("leicester", "annual-visitor", None);
    let (_, visitor) =
        bought_product(&app, annual, "renews-by-annual@example.org", None, true).await;
    assert!(!visitor.auto_renew);
    assert_eq!(visitor.renews_by, RenewsBy::Reminder);
    // RP-5: a cancelled permit does not renew at all.
    let cancelled = resident.cancel_permit(&permit.id).await.expect("cancelled");
    assert_eq!(cancelled.permit.renews_by, RenewsBy::Ended);
}

#[tokio::test]
async fn rp6_at_a_council_without_recurring_payments_auto_renewal_sends_a_link() {
    let app = spawn_app_without_recurring().await;
    let email = "renews-by-norecurring@example.org";
    let (resident, permit) = bought(&app, email, Some(true)).await;
    assert!(permit.auto_renew);
    assert_eq!(permit.renews_by, RenewsBy::PaymentLinkNoRecurring);
    let (off, on) = switched_off_and_on(&resident, &permit.id).await;
    assert_eq!(off.renews_by, RenewsBy::Reminder);
    assert_eq!(on.renews_by, RenewsBy::PaymentLinkNoRecurring);

    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    let links = told(&app, email, LINK).await;
    assert_eq!(links.len(), 1, "{links:?}");
    assert!(links[0].contains("no automatic payments"), "{}", links[0]);
}
