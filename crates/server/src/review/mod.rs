//! The council's decisions on what residents applied for: registrations (REG-3), purchases held
//! for review (VP-6, RP-2) and permit requests (RP-3, RP-7, AVP-5). Officers reach these through
//! their own API, scoped to their council; the test-mode operator endpoints reach any council.
//! Every decision is written to the audit log in the same transaction as its effect.

pub mod moving;
mod purchase;
pub mod queue;
mod registration;
mod request;

pub use purchase::decide_purchase;
pub use registration::decide_registration;
pub use request::{NEW_ZONE_DOCUMENTS, decide_request};

use crate::db::{Conn, audit, residents};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use permit_api_types::ReviewDecision;

/// Who decides, and which council's applications they may see.
#[derive(Debug, Clone)]
pub struct Reviewer {
    /// Written to the audit log: `staff:<id>` or `operator`.
    pub actor: String,
    /// `None` only for the test-mode operator.
    pub council: Option<String>,
}

impl Reviewer {
    /// The resident behind an application, if this reviewer may see them: another council's
    /// resident is "not found", never "forbidden".
    async fn resident(
        &self,
        conn: &mut Conn,
        resident_id: &str,
    ) -> Result<residents::ResidentRow, ApiError> {
        let resident = residents::get(conn, resident_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        match &self.council {
            Some(council) if *council != resident.council => Err(ApiError::NotFound),
            _ => Ok(resident),
        }
    }

    async fn log(
        &self,
        conn: &mut Conn,
        resident: &residents::ResidentRow,
        action: &str,
        subject_id: &str,
        decision: &ReviewDecision,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let verdict = if decision.approve {
            "approved"
        } else {
            "rejected"
        };
        let detail = match &decision.reason {
            Some(reason) => format!("{verdict}: {reason}"),
            None => verdict.to_owned(),
        };
        let entry = audit::Entry {
            council: &resident.council,
            actor: &self.actor,
            action,
            subject_id,
            resident_id: Some(&resident.id),
            detail: Some(&detail),
        };
        audit::append(conn, &entry, now).await?;
        Ok(())
    }
}

/// A rejection must say why: the resident is told the reason and reapplies.
pub fn require_reason(decision: &ReviewDecision) -> Result<(), ApiError> {
    let given = decision
        .reason
        .as_deref()
        .is_some_and(|r| !r.trim().is_empty());
    if decision.approve || given {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "reason_required",
            "reason",
            "Give the reason for the rejection; the resident is told it.",
        ))
    }
}

fn not_pending(what: &str) -> ApiError {
    ApiError::Conflict {
        code: "not_pending",
        message: format!("Only a {what} waiting for review can be decided."),
    }
}
