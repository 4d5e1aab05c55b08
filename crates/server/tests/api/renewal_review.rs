//! RP-2 with RP-6 and RP-4: a Leicestershire resident permit renewed by hand with "Renew
//! automatically" ticked waits for the council's review holding the card its payment set up,
//! while the period it renews keeps its own. Approved, the new card replaces the old one, which
//! is cancelled once; rejected, the payment is returned, the new card cancelled, and the old
//! period renews by its card as before (the resident never switched it off). While the renewal
//! is under review, its details show how it renews and switching it off (from either period)
//! holds for both.

use crate::agent_permits::agent_on_the_line;
use crate::auto_renewal::{agreement_of, run_jobs, status};
use crate::helpers::{TestApp, assert_refused, key, spawn_app};
use crate::moving::approved_move;
use crate::renew_with_card::{declined_when_renewal_opened, paid, started_ticked};
use permit_client::Client;
use permit_client::types::{
    CallerVerification, Permit, PermitCancelled, RenewalOrder, RenewsBy, ReviewDecision,
};
use permit_server::payments::provider::AgreementState;

/// A renewal paid with the tick and awaiting the council's review.
struct UnderReview {
    resident: Client,
    /// The period renewed, still active, with its card (`old_card`).
    old: Permit,
    old_card: String,
    /// The new period and the card its payment set up (`new_card`).
    next: Permit,
    new_card: String,
    payment_id: String,
    amount: u64,
}

/// A permit whose card was declined when renewal opened (the card itself still good), renewed
/// by hand on Manage permits with "Renew automatically" ticked, and paid: until the council
/// decides, both periods keep their own card and neither is cancelled.
async fn ticked_renewal_under_review(app: &TestApp, email: &str) -> UnderReview {
    let (resident, old, old_card) = declined_when_renewal_opened(app, email).await;
    let started = started_ticked(&resident, &old).await;
    app.pay_and_close_the_tab(&started);
    let order = resident.purchase_order(&started.id).await.expect("settled");
    assert_eq!(order.state, "paid");
    let receipt = order.receipt.expect("issued");
    let next = receipt.permit.expect("the next period");
    assert_eq!(next.state, "pending_review");
    let new_card = agreement_of(app, &next.id).await.expect("its own card");
    assert_ne!(new_card, old_card);
    run_jobs(app).await;
    for card in [&old_card, &new_card] {
        assert_eq!(status(app, card).await, AgreementState::Active, "{card}");
    }
    assert_eq!(
        agreement_of(app, &old.id).await.as_deref(),
        Some(old_card.as_str()),
        "kept until the council approves the renewal"
    );
    // RP-2: the period renewed says by when the council aims to decide (its 48-hour target
    // from payment, as its queue counts it), not yet that the new period runs.
    let old = resident.permit(&old.id).await.expect("read");
    let due = receipt.payment.paid_at + chrono::Duration::hours(48);
    assert_eq!(
        (old.state.as_str(), old.renews_by, old.renewal_decision_due),
        ("active", RenewsBy::Renewed, Some(due))
    );
    UnderReview {
        resident,
        old,
        old_card,
        next,
        new_card,
        payment_id: receipt.payment.id,
        amount: receipt.payment.amount_pence,
    }
}

async fn decide(app: &TestApp, payment_id: &str, approve: bool) {
    let decision = ReviewDecision {
        approve,
        reason: (!approve).then(|| "no proof of residency".into()),
    };
    app.client
        .decide_purchase(payment_id, &decision)
        .await
        .expect("decided");
}

/// How often the agreement was queued for cancelling at the provider (storage): once at most,
/// whoever asks again. (Sending it may be tried twice, by the decision and by the jobs at the
/// same moment: the second finds it cancelled.)
async fn times_queued(app: &TestApp, agreement: &str) -> i64 {
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    sqlx::query_scalar("SELECT COUNT(*) FROM agreement_cancellations WHERE agreement_id = $1")
        .bind(agreement)
        .fetch_one(&mut *conn)
        .await
        .expect("cancellations")
}

/// Once the jobs have run: neither period's card is left to charge, each cancelled once.
async fn both_cards_cancelled_once(app: &TestApp, review: &UnderReview) {
    run_jobs(app).await;
    for card in [&review.old_card, &review.new_card] {
        assert_eq!(status(app, card).await, AgreementState::Cancelled, "{card}");
        assert_eq!(times_queued(app, card).await, 1, "{card}");
    }
}

#[tokio::test]
async fn rp2_rp6_an_approved_ticked_renewal_takes_over_and_the_old_card_is_cancelled_once() {
    let app = spawn_app().await;
    let review = ticked_renewal_under_review(&app, "review-approved@example.org").await;
    let charges = app.payments.charges();
    decide(&app, &review.payment_id, true).await;
    run_jobs(&app).await;
    run_jobs(&app).await;
    assert_eq!(
        status(&app, &review.old_card).await,
        AgreementState::Cancelled
    );
    assert_eq!(
        times_queued(&app, &review.old_card).await,
        1,
        "cancelled once"
    );
    assert_eq!(agreement_of(&app, &review.old.id).await, None);
    assert_eq!(status(&app, &review.new_card).await, AgreementState::Active);
    assert_eq!(times_queued(&app, &review.new_card).await, 0);
    let next = review.resident.permit(&review.next.id).await.expect("read");
    assert_eq!(
        (next.state.as_str(), next.renews_by),
        ("active", RenewsBy::CardOnFile)
    );
    let old = review.resident.permit(&review.old.id).await.expect("read");
    assert_eq!(
        (old.renews_by, old.renewal_decision_due),
        (RenewsBy::Renewed, None)
    );
    assert_eq!(app.payments.charges(), charges, "approving charges nothing");
}

#[tokio::test]
async fn rp2_rp6_a_rejected_ticked_renewal_leaves_the_old_period_renewing_by_its_card() {
    let app = spawn_app().await;
    let email = "review-rejected@example.org";
    let review = ticked_renewal_under_review(&app, email).await;
    let refunds = app.payments.refunds();
    decide(&app, &review.payment_id, false).await;
    run_jobs(&app).await;
    // RP-2: the payment is cancelled and the money returned; its card goes with it.
    let payment = review
        .resident
        .payment(&review.payment_id)
        .await
        .expect("read");
    assert_eq!(
        (payment.status.as_str(), payment.refunded_pence),
        ("refunded", review.amount)
    );
    assert_eq!(app.payments.refunds(), refunds + 1);
    let rejected = review.resident.permit(&review.next.id).await.expect("read");
    assert_eq!(
        (rejected.state.as_str(), rejected.renews_by),
        ("rejected", RenewsBy::Ended)
    );
    assert_eq!(
        status(&app, &review.new_card).await,
        AgreementState::Cancelled
    );
    assert_eq!(times_queued(&app, &review.new_card).await, 1);
    // The resident loses nothing: the old period renews by its card, as before.
    assert_eq!(status(&app, &review.old_card).await, AgreementState::Active);
    assert_eq!(times_queued(&app, &review.old_card).await, 0);
    let old = review.resident.permit(&review.old.id).await.expect("read");
    assert_eq!(
        (
            old.auto_renew,
            old.renews_by,
            old.renewed_until,
            old.renewal_decision_due
        ),
        (true, RenewsBy::CardOnFile, None, None)
    );
    // Renewed again by hand without the tick and approved: the card carries on.
    let order = review
        .resident
        .start_renewal(&review.old.id, &key(), &RenewalOrder::default())
        .await
        .expect("renewal order");
    let next = paid(&app, &review.resident, &order).await;
    assert_eq!(next.renews_by, RenewsBy::CardOnFile);
    assert_eq!(
        agreement_of(&app, &next.id).await.as_deref(),
        Some(review.old_card.as_str())
    );
    run_jobs(&app).await;
    assert_eq!(status(&app, &review.old_card).await, AgreementState::Active);
}

#[tokio::test]
async fn rp6_switched_off_while_the_renewal_is_under_review_both_periods_stop_renewing() {
    let app = spawn_app().await;
    let review = ticked_renewal_under_review(&app, "review-switched@example.org").await;
    let resident = &review.resident;
    // The renewal under review says how it will renew, as listed and read.
    let listed = resident.permits().await.expect("permits");
    let shown = listed
        .iter()
        .find(|p| p.id == review.next.id)
        .expect("listed");
    assert_eq!(
        (shown.state.as_str(), shown.auto_renew, shown.renews_by),
        ("pending_review", true, RenewsBy::CardOnFile)
    );
    let off = resident
        .set_auto_renew(&review.next.id, false)
        .await
        .expect("switched off");
    assert_eq!((off.auto_renew, off.renews_by), (false, RenewsBy::Reminder));
    let old = resident.permit(&review.old.id).await.expect("read");
    assert!(!old.auto_renew, "the period it renews is switched off too");
    both_cards_cancelled_once(&app, &review).await;
    for period in [&review.old.id, &review.next.id] {
        assert_eq!(agreement_of(&app, period).await, None);
    }
    // Switched on again from the period renewed: both, with no card set up.
    let on = resident
        .set_auto_renew(&review.old.id, true)
        .await
        .expect("switched on");
    assert!(on.auto_renew);
    let next = resident.permit(&review.next.id).await.expect("read");
    assert_eq!(
        (next.auto_renew, next.renews_by),
        (true, RenewsBy::PaymentLink)
    );
    // Rejected: the old period renews as the resident last chose, by a link to pay.
    decide(&app, &review.payment_id, false).await;
    let old = resident.permit(&review.old.id).await.expect("read");
    assert_eq!(
        (old.auto_renew, old.renews_by),
        (true, RenewsBy::PaymentLink)
    );
}

/// RP-2 with RP-7: a move within the zone approved while the renewal awaits the council's
/// review takes the renewal along (it is the same permit's next period): approved, it runs at
/// the new address; rejected, the period it renews carries on there with its card.
#[tokio::test]
async fn rp7_rp2_a_renewal_under_review_moves_with_its_permit_within_the_zone() {
    let app = spawn_app().await;
    for (email, approve) in [
        ("review-moved-approved@example.org", true),
        ("review-moved-rejected@example.org", false),
    ] {
        let review = ticked_renewal_under_review(&app, email).await;
        let resident = &review.resident;
        assert_eq!(review.next.property_id, review.old.property_id);
        let new_home = "leicestershire-0002";
        assert_ne!(review.old.property_id, new_home);
        approved_move(&app, resident, &review.old.id, new_home).await;
        for period in [&review.old.id, &review.next.id] {
            let moved = resident.permit(period).await.expect("read");
            assert_eq!(moved.property_id, new_home, "{period}");
        }
        let next = resident.permit(&review.next.id).await.expect("read");
        assert_eq!(
            (next.state.as_str(), next.renews_by),
            ("pending_review", RenewsBy::CardOnFile)
        );
        let old = resident.permit(&review.old.id).await.expect("read");
        assert!(old.renewal_decision_due.is_some(), "still under review");
        decide(&app, &review.payment_id, approve).await;
        run_jobs(&app).await;
        let listed = resident.permits().await.expect("permits");
        let at: Vec<_> = listed
            .iter()
            .map(|p| (p.id.as_str(), p.state.as_str(), p.property_id.as_str()))
            .collect();
        let decided = if approve { "active" } else { "rejected" };
        assert_eq!(
            at,
            [
                (review.old.id.as_str(), "active", new_home),
                (review.next.id.as_str(), decided, new_home)
            ],
            "{email}"
        );
        let old = resident.permit(&review.old.id).await.expect("read");
        if approve {
            assert_eq!(old.renews_by, RenewsBy::Renewed);
            assert_eq!(status(&app, &review.new_card).await, AgreementState::Active);
            assert_eq!(
                status(&app, &review.old_card).await,
                AgreementState::Cancelled
            );
        } else {
            assert_eq!(old.renews_by, RenewsBy::CardOnFile);
            assert_eq!(status(&app, &review.old_card).await, AgreementState::Active);
        }
    }
}

/// RP-2 with RP-7, another zone: the new permit the council gives at the new address is the
/// one the renewal under review follows on from (there, at the new address); approved, it runs
/// on from it with the card its payment set up, and the ended permit's card is cancelled.
#[tokio::test]
async fn rp7_rp2_a_renewal_under_review_follows_the_new_zone_permit() {
    let app = spawn_app().await;
    let review = ticked_renewal_under_review(&app, "review-new-zone@example.org").await;
    let resident = &review.resident;
    let new_home = "leicestershire-0003";
    let mut application = None;
    let documents: [(&str, &str, &[u8]); 2] = [
        ("proof_of_address", "application/pdf", b"%PDF-1.4 tenancy"),
        ("v5c", "image/png", b"\x89PNG v5c"),
    ];
    for (document, content_type, bytes) in documents {
        let sent = resident
            .new_zone_application(
                &review.old.id,
                new_home,
                document,
                content_type,
                bytes.to_vec(),
            )
            .await
            .expect("document");
        application = Some(sent.id);
    }
    let officer = app.officer("leicestershire").await;
    let approve = ReviewDecision {
        approve: true,
        reason: None,
    };
    officer
        .officer_decide("requests", &application.expect("sent"), &approve)
        .await
        .expect("approved");
    let listed = resident.permits().await.expect("permits");
    let replacement = listed
        .iter()
        .find(|p| p.state == "active")
        .expect("the new permit");
    assert_eq!(replacement.property_id, new_home);
    let next = resident.permit(&review.next.id).await.expect("read");
    assert_eq!(
        (next.state.as_str(), next.property_id.as_str()),
        ("pending_review", new_home)
    );
    // The new permit says it has been renewed, subject to the council's decision.
    assert_eq!(
        (replacement.renews_by, replacement.renewed_until),
        (RenewsBy::Renewed, Some(next.expires_at))
    );
    assert!(replacement.renewal_decision_due.is_some());
    let old = resident.permit(&review.old.id).await.expect("read");
    assert_eq!((old.state.as_str(), old.renewed_until), ("cancelled", None));

    decide(&app, &review.payment_id, true).await;
    run_jobs(&app).await;
    let next = resident.permit(&review.next.id).await.expect("read");
    assert_eq!(
        (
            next.state.as_str(),
            next.property_id.as_str(),
            next.renews_by
        ),
        ("active", new_home, RenewsBy::CardOnFile)
    );
    assert_eq!(next.starts_at, replacement.expires_at, "follows on");
    assert_eq!(status(&app, &review.new_card).await, AgreementState::Active);
    assert_eq!(
        status(&app, &review.old_card).await,
        AgreementState::Cancelled
    );
}

/// RP-5 with RP-2: cancelling the running period, by the resident on Manage permits or by a
/// phone agent for them (ACT-6), withdraws its renewal awaiting the council's review: the
/// renewal leaves the council's queue (it can no longer be approved into a permit the resident
/// gave up), its payment is refunded in full, and neither period's card is left to charge. The
/// running period itself is not refunded (RP-5).
#[tokio::test]
async fn rp5_rp2_cancelling_the_period_withdraws_its_renewal_under_review_and_refunds_it() {
    let app = spawn_app().await;
    let mut sent = 0;
    for (email, by_agent) in [
        ("review-cancelled@example.org", false),
        ("review-cancelled-phone@example.org", true),
    ] {
        let review = ticked_renewal_under_review(&app, email).await;
        let resident = &review.resident;
        let cancelled: PermitCancelled = if by_agent {
            let caller = CallerVerification {
                postcode: "LE11 3AB".into(),
                house: "7".into(),
                contact: email.into(),
            };
            let (agent, call) = agent_on_the_line(&app, "leicestershire", caller).await;
            agent.agent_cancel_permit(&call, &review.old.id).await
        } else {
            resident.cancel_permit(&review.old.id).await
        }
        .expect("cancelled");
        assert_eq!(cancelled.permit.state, "cancelled", "{email}");
        assert_eq!(
            cancelled.refund_pence, review.amount,
            "the renewal's payment"
        );
        assert!(
            cancelled
                .policy
                .contains("renewal waiting for the council's approval is withdrawn"),
            "{}",
            cancelled.policy
        );
        sent += 1;
        app.refunds_sent(sent).await;
        let payment = resident.payment(&review.payment_id).await.expect("read");
        assert_eq!(
            (payment.status.as_str(), payment.refunded_pence),
            ("refunded", review.amount)
        );
        let next = resident.permit(&review.next.id).await.expect("read");
        assert_eq!(
            (next.state.as_str(), next.renews_by),
            ("cancelled", RenewsBy::Ended)
        );
        let old = resident.permit(&review.old.id).await.expect("read");
        assert_eq!(
            (old.renews_by, old.renewal_decision_due),
            (RenewsBy::Ended, None)
        );
        both_cards_cancelled_once(&app, &review).await;
        // Withdrawn, it is no longer the council's to decide.
        for approve in [true, false] {
            let decision = ReviewDecision {
                approve,
                reason: (!approve).then(|| "no proof of residency".into()),
            };
            let error = app
                .client
                .decide_purchase(&review.payment_id, &decision)
                .await
                .expect_err("withdrawn");
            assert_refused(&error, 409, "not_pending", None);
        }
        assert_eq!(app.payments.refunds(), sent, "refunded once");
    }
}
