//! What a change of address does to a vehicle permit (RP-7, AVP-5).

use crate::refusal::Refusal;
use crate::scheme::{PermitCategory, Product, Scheme};
use crate::types::PermitType;
use thiserror::Error;

/// What happens to the permit once the council accepts proof of the new address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressChange {
    /// RP-7: the resident permit moves with its resident to the new property.
    PermitMoves,
    /// AVP-5: the old address's permits end (refunded as their policy says); new ones are
    /// bought for the new address.
    OldPermitsEnd,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AddressChangeRefusal {
    /// RP-7: a zone-bound permit belongs to its zone; another zone is another permit.
    #[error(
        "Your new address is in another permit zone: apply for a new permit there with proof of address and your V5C."
    )]
    NewApplicationRequired,
    #[error("This permit cannot move address.")]
    NotAVehiclePermit,
    /// RP-7: a new application is for a move to another zone; within the zone (or for a
    /// permit that is not zone-bound) the permit moves on a change of address instead.
    #[error(
        "Your new address is in the same permit zone: ask for a change of address instead, and your permit moves with you."
    )]
    NoNewApplicationNeeded,
}

impl Refusal for AddressChangeRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::NewApplicationRequired => "new_application_required",
            Self::NotAVehiclePermit => "not_a_vehicle_permit",
            Self::NoNewApplicationNeeded => "change_of_address_instead",
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            Self::NewApplicationRequired | Self::NoNewApplicationNeeded => Some("property_id"),
            Self::NotAVehiclePermit => None,
        }
    }
}

/// What moving from a property in `old_zone` (unknown where the property is no longer listed)
/// to one in `new_zone` does to a `permit_type` permit (RP-7, AVP-5).
pub fn address_change(
    scheme: &Scheme,
    permit_type: &PermitType,
    old_zone: Option<&str>,
    new_zone: &str,
) -> Result<AddressChange, AddressChangeRefusal> {
    let Some(Product::VehiclePermit(product)) = scheme.product(permit_type) else {
        return Err(AddressChangeRefusal::NotAVehiclePermit);
    };
    match product.category {
        PermitCategory::AnnualVisitor => Ok(AddressChange::OldPermitsEnd),
        PermitCategory::Resident if product.zone_bound && old_zone != Some(new_zone) => {
            Err(AddressChangeRefusal::NewApplicationRequired)
        }
        PermitCategory::Resident => Ok(AddressChange::PermitMoves),
    }
}

/// RP-7: whether moving a `permit_type` permit from `old_zone` to `new_zone` is a new permit
/// application (with proof of address and the V5C): only where [`address_change`] says the
/// permit cannot move.
pub fn new_zone_application(
    scheme: &Scheme,
    permit_type: &PermitType,
    old_zone: Option<&str>,
    new_zone: &str,
) -> Result<(), AddressChangeRefusal> {
    match address_change(scheme, permit_type, old_zone, new_zone) {
        Err(AddressChangeRefusal::NewApplicationRequired) => Ok(()),
        Err(other) => Err(other),
        Ok(_) => Err(AddressChangeRefusal::NoNewApplicationNeeded),
    }
}
