//! The phone channel (ACT-6). An agent acts for a resident only within a verified call: the
//! caller gives the home's postcode and house number/name and the email or mobile on the
//! account, all three must match one account at the agent's council, and the call then lasts
//! [`CALL_LIFETIME`]. Verifications, failed ones too, and every booking, cancellation and
//! auto-renewal change go to the audit log with the agent's name.

use crate::auth::{CurrentStaff, normalise_contact};
use crate::db::{Conn, agent_calls, audit, residents, staff, stays};
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use permit_api_types::{AgentCall, CallerVerification};
use permit_rules::Postcode;

pub const CALL_LIFETIME: Duration = Duration::minutes(30);

/// Checks the caller's details; on a match opens a call for this agent.
pub async fn verify_caller(
    state: &AppState,
    agent: &CurrentStaff,
    caller: &CallerVerification,
) -> Result<AgentCall, ApiError> {
    let postcode =
        Postcode::parse(&caller.postcode).map_err(|e| ApiError::parse("postcode", &e))?;
    let contact = normalise_contact("contact", &caller.contact)?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let resident = residents::find_by_contact(&mut tx, &agent.council, &contact).await?;
    let home = match &resident {
        Some(r) => stays::resident_property(&mut tx, &r.id).await?,
        None => None,
    };
    let house = caller.house.trim();
    let matches = home
        .as_deref()
        .and_then(|id| state.gazetteer.get(id))
        .is_some_and(|p| p.postcode == postcode && p.house.eq_ignore_ascii_case(house));
    let resident = resident.filter(|_| matches);
    let outcome = if resident.is_some() {
        "verified"
    } else {
        "failed"
    };
    let subject = resident.as_ref().map_or("unknown", |r| r.id.as_str());
    let step = Step {
        action: "agent_verification",
        subject_id: subject,
        resident_id: resident.as_ref().map(|r| r.id.as_str()),
        detail: outcome,
    };
    log(&mut tx, agent, &step, now).await?;
    let Some(resident) = resident else {
        tx.commit().await?;
        return Err(ApiError::refused(
            "verification_failed",
            "Those details do not match an account. Check them with the caller.",
            None,
        ));
    };
    let id = agent_calls::insert(&mut tx, &agent.id, &resident.id, now).await?;
    tx.commit().await?;
    Ok(AgentCall {
        id,
        resident_name: resident.full_name,
        expires_at: now + CALL_LIFETIME,
    })
}

/// The resident of one of this agent's current calls.
pub async fn caller(
    state: &AppState,
    conn: &mut Conn,
    agent: &CurrentStaff,
    call_id: &str,
) -> Result<String, ApiError> {
    let since = state.now() - CALL_LIFETIME;
    agent_calls::resident_of(conn, call_id, &agent.id, since)
        .await?
        .ok_or(ApiError::NotFound)
}

/// One step of a call, as the audit log keeps it: on the caller's own trail too.
#[derive(Debug)]
pub struct Step<'a> {
    pub action: &'a str,
    pub subject_id: &'a str,
    pub resident_id: Option<&'a str>,
    /// The call's id, or the verification's outcome.
    pub detail: &'a str,
}

/// Writes an agent's action to the audit log, with the agent's name as it is at the time (the
/// log outlives renamed or removed staff).
pub async fn log(
    conn: &mut Conn,
    agent: &CurrentStaff,
    step: &Step<'_>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Step {
        action,
        subject_id,
        resident_id,
        detail,
    } = *step;
    let name = staff::get(conn, &agent.id)
        .await?
        .map_or_else(|| agent.id.clone(), |s| s.full_name);
    let detail = format!("{detail} by {name}");
    let entry = audit::Entry {
        council: &agent.council,
        actor: &agent.actor(),
        action,
        subject_id,
        resident_id,
        detail: Some(&detail),
    };
    audit::append(conn, &entry, now).await?;
    Ok(())
}
