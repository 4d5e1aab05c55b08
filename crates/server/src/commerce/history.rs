use crate::db::{Conn, at, bundles, orders, permits, registrations, stays};
use crate::domain::{BundleState, PermitState};
use crate::error::ApiError;
use crate::state::AppState;
use permit_rules::scheme::{PermitCategory, Product};
use permit_rules::{PastPurchase, PermitType, RegistrationStatus, Scheme};

/// Where a resident stands with their council at this instant.
#[derive(Debug)]
pub struct Standing {
    pub registration: RegistrationStatus,
    /// The property of the latest registration (permits belong to it).
    pub property_id: Option<String>,
    /// The household whose allowance purchases count against (VP-2, VP-4, VP-5).
    pub household: Option<String>,
    /// The household's visitor permit purchases that count against allowances, by any of its
    /// accounts (rejected ones do not, VP-6).
    pub history: Vec<PastPurchase>,
    pub bundles: Vec<bundles::BundleRow>,
    pub permits: Vec<permits::PermitRow>,
}

/// Where the resident stands at this instant: registration, purchases, bundles and permits.
#[tracing::instrument(skip_all, fields(resident_id = %resident_id))]
pub async fn standing(
    state: &AppState,
    conn: &mut Conn,
    scheme: &Scheme,
    resident_id: &str,
) -> Result<Standing, ApiError> {
    let now = state.now();
    let bundles = bundles::list(conn, resident_id).await?;
    let permits = permits::list(conn, resident_id).await?;
    let household = household(conn, resident_id).await?;
    let counted = match &household {
        Some(property) => bundles::household(conn, scheme.id.as_str(), property).await?,
        None => bundles.clone(),
    };
    let history = counted
        .iter()
        .filter(|b| b.state != BundleState::Rejected)
        .filter_map(|b| {
            Some(PastPurchase {
                permit_type: PermitType::parse(&b.permit_type).ok()?,
                permits: u32::try_from(b.permits).ok()?,
                at: at(b.bought_at),
            })
        })
        .collect::<Vec<_>>();
    // Orders awaiting payment hold what they would use until paid, failed or expired (issue 16).
    let held = orders::holding(
        conn,
        scheme.id.as_str(),
        household.as_deref(),
        resident_id,
        now,
    )
    .await?;
    let history = history
        .into_iter()
        .chain(held.iter().filter_map(|o| {
            Some(PastPurchase {
                permit_type: PermitType::parse(&o.permit_type).ok()?,
                permits: u32::try_from(o.permits).ok()?,
                at: at(o.created_at),
            })
        }))
        .collect();
    // REG-4: an approved, current resident permit stands in for a visitor registration.
    let holds_resident_permit = permits.iter().any(|p| {
        p.state == PermitState::Active
            && p.starts() <= now
            && now < p.expires()
            && is_resident_permit(scheme, &p.permit_type)
    });
    let latest = registrations::latest(conn, resident_id).await?;
    let record = latest.as_ref().map(crate::views::registration_record);
    let registration =
        permit_rules::registration_status(scheme, record.as_ref(), holds_resident_permit, now);
    Ok(Standing {
        registration,
        property_id: latest.map(|r| r.property_id),
        household,
        history,
        bundles,
        permits,
    })
}

/// The resident's household: the property they are registered at, or else (REG-4) their
/// resident permit's. Allowances are counted per household, not per account (VP-2, VP-4, VP-5).
pub async fn household(conn: &mut Conn, resident_id: &str) -> Result<Option<String>, ApiError> {
    Ok(stays::resident_property(conn, resident_id).await?)
}

/// Whether `permit_type` is one of the council's resident permits (REG-4).
pub fn is_resident_permit(scheme: &Scheme, permit_type: &str) -> bool {
    let Ok(id) = PermitType::parse(permit_type) else {
        return false;
    };
    matches!(scheme.product(&id), Some(Product::VehiclePermit(v)) if v.category == PermitCategory::Resident)
}
