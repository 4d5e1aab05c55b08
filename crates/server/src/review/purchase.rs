//! VP-6, RP-2: a purchase held for review is approved, or rejected: the transaction is
//! cancelled, the money returned through the payment provider, and the resident emailed so
//! they can reapply.

use super::{Reviewer, not_pending};
use crate::db::{Conn, bundles, payments, permits, proofs, residents};
use crate::domain::{BundleState, Decided, PermitState};
use crate::error::ApiError;
use crate::notify::notify;
use crate::state::AppState;
use permit_api_types::ReviewDecision;
use permit_rules::{Pence, PermitType};

/// Where the product asks for evidence (AVP-1), approval waits for it to be uploaded.
async fn require_evidence(
    state: &AppState,
    conn: &mut Conn,
    council: &str,
    permit: &permits::PermitRow,
) -> Result<(), ApiError> {
    let scheme = state.scheme(council)?;
    let permit_type = PermitType::parse(&permit.permit_type).map_err(ApiError::internal)?;
    if scheme.needs_evidence(&permit_type)
        && proofs::count_for(conn, proofs::PERMIT_EVIDENCE, &permit.payment_id).await? == 0
    {
        return Err(ApiError::Conflict {
            code: "evidence_missing",
            message: "The resident has not uploaded the evidence this permit needs yet.".into(),
        });
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(payment_id = %payment_id, approve = decision.approve))]
pub async fn decide_purchase(
    state: &AppState,
    reviewer: &Reviewer,
    payment_id: &str,
    decision: &ReviewDecision,
) -> Result<(), ApiError> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let resident_id = payments::owner(&mut tx, payment_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let resident = reviewer.resident(&mut tx, &resident_id).await?;
    residents::lock(&state.db, &mut tx, &resident_id).await?;
    let payment = payments::get(&mut tx, &resident_id, payment_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let bundle = bundles::for_payment(&mut tx, payment_id).await?;
    let permit = permits::for_payment(&mut tx, payment_id).await?;
    let held = bundle
        .as_ref()
        .map(|b| b.state == BundleState::PendingReview)
        .or(permit
            .as_ref()
            .map(|p| p.state == PermitState::PendingReview));
    if held != Some(true) {
        return Err(not_pending("purchase"));
    }
    if decision.approve
        && let Some(permit) = &permit
    {
        require_evidence(state, &mut tx, &resident.council, permit).await?;
    }
    if let Some(bundle) = &bundle {
        let decided = BundleState::decided(decision.approve);
        bundles::set_state(&mut tx, &bundle.id, decided).await?;
    }
    if let Some(permit) = &permit {
        let decided = PermitState::decided(decision.approve);
        permits::set_state(&mut tx, &permit.id, decided, now).await?;
        let council = resident.council.as_str();
        if decision.approve {
            // RP-6: an approved renewal's own agreement now replaces the old period's.
            crate::commerce::auto_renewal::hand_over(&mut tx, council, &permit.id, now).await?;
        } else {
            // RP-2, RP-6: a rejected permit's agreement ends with it, like a cancelled one's;
            // the period it would have renewed keeps its own.
            crate::commerce::auto_renewal::forget_agreement(&mut tx, council, &permit.id, now)
                .await?;
        }
    }
    let text = if decision.approve {
        format!("Your purchase ({}) has been approved.", payment.description)
    } else {
        // The refund is asked for last, after every write it depends on has succeeded; if it
        // fails, the transaction rolls back and the purchase stays in the queue.
        payments::record_refund(&mut tx, payment_id, payment.amount_pence).await?;
        crate::commerce::give_back(state, &mut tx, &payment, payment.amount_pence).await?;
        let amount = Pence(u64::try_from(payment.amount_pence).unwrap_or_default());
        let reason = decision.reason.as_deref().unwrap_or("no reason given");
        format!(
            "Your purchase ({}) was not approved ({reason}). {amount} has been refunded to your card. You can apply again.",
            payment.description
        )
    };
    notify(&mut tx, &resident.id, &text, now).await?;
    reviewer
        .log(
            &mut tx,
            &resident,
            "purchase_decision",
            payment_id,
            decision,
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(())
}
