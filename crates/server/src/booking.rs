//! Booking a visitor stay: the one code path for the app (`POST /stays`), a text message
//! (ACT-4) and a phone agent (ACT-6). The caller holds a write transaction; this locks the
//! resident, so two bookings cannot both spend the last permit.

use crate::db::{Conn, bundles, residents, stays};
use crate::domain::BundleState;
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use permit_api_types::StayBooking;
use permit_rules::{
    BundleBalance, PermitType, Scheme, StayRequest, Vrm, may_cancel_stay, permits_held,
    pick_bundle, plan_stay,
};

/// A booking as a client sends it, parsed at the edge (ACT-3: VRM, permit type, start,
/// duration).
pub fn parse_booking(booking: &StayBooking) -> Result<(Vrm, StayRequest), ApiError> {
    let vrm = Vrm::parse(&booking.vrm).map_err(|e| ApiError::parse("vrm", &e))?;
    let permit_type = booking
        .permit_type
        .as_deref()
        .map(PermitType::parse)
        .transpose()
        .map_err(|e| ApiError::parse("permit_type", &e))?;
    let request = StayRequest {
        permit_type,
        start: booking.start,
        duration_minutes: booking.duration_minutes,
    };
    Ok((vrm, request))
}

#[derive(Debug)]
pub struct Booked {
    pub row: stays::StayRow,
    /// Permits of the stay's type the resident can still use, after this one.
    pub permits_left: u32,
}

/// Books a stay for `resident_id` at `now`; a rule's refusal is an [`ApiError::Invalid`]
/// carrying the rules crate's code and message.
#[tracing::instrument(skip_all, fields(resident_id = %resident_id, permit_type = ?request.permit_type))]
pub async fn book_stay(
    state: &AppState,
    conn: &mut Conn,
    scheme: &Scheme,
    resident_id: &str,
    vrm: &Vrm,
    request: &StayRequest,
    now: DateTime<Utc>,
) -> Result<Booked, ApiError> {
    residents::lock(&state.db, conn, resident_id).await?;
    let plan = plan_stay(scheme, request, now).map_err(ApiError::refusal)?;
    let balances = balances(conn, resident_id).await?;
    let bundle =
        pick_bundle(&balances, &plan.permit_type, plan.start).map_err(ApiError::refusal)?;
    bundles::adjust_remaining(conn, &bundle.id, -1).await?;
    let permits_left = permits_held(&balances, &plan.permit_type, now).saturating_sub(1);
    // The resident's property places the stay in a zone for enforcement.
    let property_id = stays::resident_property(conn, resident_id).await?;
    let new = stays::NewStay {
        resident_id,
        bundle_id: &bundle.id,
        permit_type: plan.permit_type.as_str(),
        vrm: vrm.as_str(),
        property_id: property_id.as_deref(),
        starts_at: plan.start,
        ends_at: plan.end,
    };
    let row = stays::insert(conn, &new, now).await?;
    Ok(Booked { row, permits_left })
}

async fn balances(
    conn: &mut Conn,
    resident_id: &str,
) -> Result<Vec<BundleBalance<String>>, ApiError> {
    Ok(bundles::list(conn, resident_id)
        .await?
        .into_iter()
        .filter_map(|b| {
            Some(BundleBalance {
                permit_type: PermitType::parse(&b.permit_type).ok()?,
                remaining: u32::try_from(b.remaining).ok()?,
                expires_at: crate::db::at(b.expires_at),
                usable: b.state == BundleState::Active,
                id: b.id,
            })
        })
        .collect())
}

/// Cancels the resident's stay (ACT-7) and returns its permit where the council's policy says
/// so; another resident's stay is not found.
#[tracing::instrument(skip_all, fields(resident_id = %resident_id, stay_id = %id))]
pub async fn cancel_stay(
    state: &AppState,
    conn: &mut Conn,
    scheme: &Scheme,
    resident_id: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<stays::StayRow, ApiError> {
    residents::lock(&state.db, conn, resident_id).await?;
    let row = stays::get(conn, resident_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if row.cancelled_at.is_some() {
        return Err(ApiError::Conflict {
            code: "stay_already_cancelled",
            message: "This stay is already cancelled.".into(),
        });
    }
    let cancellation = may_cancel_stay(scheme, row.starts(), now).map_err(ApiError::refusal)?;
    stays::cancel(conn, id, now).await?;
    if cancellation.returns_permit {
        bundles::adjust_remaining(conn, &row.bundle_id, 1).await?;
    }
    stays::get(conn, resident_id, id)
        .await?
        .ok_or(ApiError::NotFound)
}
