//! RP-6: a recurring-payment agreement ends with its permit. Cancelling the permit (RP-5), the
//! council rejecting it (RP-2) or moving out of its zone (RP-7) cancels the agreement at the
//! provider, through the same queue as switching auto-renewal off, and no renewal is charged
//! to it afterwards.

use crate::auto_renewal::{
    RENEWAL_OPENS, agreement_of, bought, bought_and_decided, run_jobs, status, told,
};
use crate::helpers::{spawn_app, stand_at};
use permit_client::types::ReviewDecision;
use permit_server::payments::provider::AgreementState;

const PDF: &[u8] = b"%PDF-1.4 document";

/// The resident logged in again (the clock moved past their session).
async fn again(app: &crate::helpers::TestApp, email: &str) -> permit_client::Client {
    app.resident_logged_in("leicestershire", email).await
}

#[tokio::test]
async fn rp5_rp6_cancelling_a_permit_cancels_its_agreement_and_no_renewal_is_charged() {
    let app = spawn_app().await;
    let (_, permit) = bought(&app, "rp6-cancel@example.org", Some(true)).await;
    let agreement = agreement_of(&app, &permit.id).await.expect("agreement");
    stand_at(&app, "2026-06-01 10:00").await;
    let resident = again(&app, "rp6-cancel@example.org").await;
    let cancelled = resident.cancel_permit(&permit.id).await.expect("cancelled");
    assert_eq!(cancelled.permit.state, "cancelled");
    assert_eq!(
        status(&app, &agreement).await,
        AgreementState::Cancelled,
        "cancelled at the provider with the permit"
    );
    assert_eq!(agreement_of(&app, &permit.id).await, None);
    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    assert_eq!(app.payments.charges(), 1, "only the first payment");
    for text in ["renew it", "renewed automatically"] {
        assert!(
            told(&app, "rp6-cancel@example.org", text).await.is_empty(),
            "a cancelled permit is neither renewed, linked nor reminded"
        );
    }
    let resident = again(&app, "rp6-cancel@example.org").await;
    assert_eq!(resident.permits().await.expect("permits").len(), 1);
}

#[tokio::test]
async fn rp2_rp6_a_rejected_permit_ends_its_agreement() {
    let app = spawn_app().await;
    let (_, permit) = bought_and_decided(&app, "rp6-reject@example.org", Some(true), false).await;
    assert_eq!(permit.state, "rejected");
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let (agreement,): (Option<String>,) =
        sqlx::query_as("SELECT agreement_id FROM orders WHERE agreement_id IS NOT NULL")
            .fetch_one(&mut *conn)
            .await
            .expect("order");
    drop(conn);
    let agreement = agreement.expect("the order set one up");
    run_jobs(&app).await;
    assert_eq!(status(&app, &agreement).await, AgreementState::Cancelled);
    assert_eq!(agreement_of(&app, &permit.id).await, None);
}

#[tokio::test]
async fn rp7_rp6_moving_to_another_zone_cancels_the_agreement_and_the_new_permit_is_reminded() {
    let app = spawn_app().await;
    let (_, permit) = bought(&app, "rp6-move@example.org", Some(true)).await;
    let agreement = agreement_of(&app, &permit.id).await.expect("agreement");
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = again(&app, "rp6-move@example.org").await;
    let mut application = None;
    for (document, content_type, body) in [
        ("proof_of_address", "application/pdf", PDF),
        ("v5c", "image/png", b"\x89PNG v5c".as_slice()),
    ] {
        let request = resident
            .new_zone_application(
                &permit.id,
                "leicestershire-0003",
                document,
                content_type,
                body.to_vec(),
            )
            .await
            .expect("uploaded");
        application = Some(request.id);
    }
    let id = application.expect("the application");
    let officer = app.officer("leicestershire").await;
    let approve = ReviewDecision {
        approve: true,
        reason: None,
    };
    officer
        .officer_decide("requests", &id, &approve)
        .await
        .expect("approved");
    run_jobs(&app).await;
    assert_eq!(
        status(&app, &agreement).await,
        AgreementState::Cancelled,
        "the agreement to renew the old permit ended with it"
    );
    let permits = resident.permits().await.expect("permits");
    let new = permits
        .iter()
        .find(|p| p.id != permit.id)
        .expect("the new permit");
    assert_eq!(agreement_of(&app, &new.id).await, None);
    assert!(
        !new.auto_renew,
        "its auto-renewal ended with the agreement: not shown as on"
    );
    stand_at(&app, RENEWAL_OPENS).await;
    run_jobs(&app).await;
    assert_eq!(app.payments.charges(), 1, "no renewal charged to it");
    let email = "rp6-move@example.org";
    for text in ["renewed automatically", "could not renew itself"] {
        assert!(told(&app, email, text).await.is_empty(), "{text}");
    }
    // RP-4: reminded instead, with a link to pay for the renewal.
    let reminders = told(&app, email, "You can renew it now: ").await;
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert!(
        reminders[0].contains("/permits/renew?order="),
        "{reminders:?}"
    );
}
