//! May this purchase go ahead, at what price, and if not, why and when (VP-1 to VP-6, RP-1,
//! AVP-1).

use super::allowance::{AllowanceState, PastPurchase, allowance_state, future_returns};
use super::registration::RegistrationStatus;
use crate::refusal::Refusal;
use crate::scheme::{Product, Scheme, VehiclePermit, VisitorBundle};
use crate::time::{add_months, display_instant, local_date, start_of_day};
use crate::types::{Pence, PermitType, Vrm};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What the resident asks to buy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseRequest {
    pub permit_type: PermitType,
    /// Bundles, for visitor bundles; 1 for a vehicle permit.
    pub quantity: u32,
    /// The chosen duration, for a vehicle permit (RP-1).
    pub duration_months: Option<u32>,
    /// The vehicle, for a vehicle permit (AVP-1).
    pub vrm: Option<Vrm>,
}

/// A purchase that may go ahead, priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseQuote {
    pub permit_type: PermitType,
    pub quantity: u32,
    /// Permits the resident receives: bundles times bundle size, or 1.
    pub permits: u32,
    pub unit_price: Pence,
    pub total: Pence,
    /// An officer approves it before it can be used; a rejection refunds it (VP-6, RP-2).
    pub needs_review: bool,
    pub valid_from: DateTime<Utc>,
    /// Exclusive: the local midnight the permits expire at (VP-3).
    pub valid_until: DateTime<Utc>,
    /// Permits still allowed after this purchase, where there is an allowance.
    pub allowance_left_after: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PurchaseRefusal {
    #[error("This council does not sell '{permit_type}'.")]
    UnknownPermitType { permit_type: PermitType },
    #[error("{message}")]
    RegistrationNotActive {
        status: RegistrationStatus,
        message: String,
    },
    #[error("Choose at least one.")]
    QuantityZero,
    #[error("At most {max} can be bought in one transaction.")]
    QuantityTooLarge { max: u32 },
    #[error("Enter the registration of the vehicle this permit is for.")]
    VrmRequired,
    #[error(
        "Visitor permits are not bought for one vehicle: the registration is given when a stay is booked."
    )]
    VrmNotApplicable,
    #[error("Choose a duration: {}.", months_list(options))]
    DurationRequired { options: Vec<u32> },
    #[error("{requested} months is not offered; choose {}.", months_list(options))]
    DurationNotOffered { requested: u32, options: Vec<u32> },
    #[error("{}", allowance_message(*requested, *left, *limit, available_from.as_ref()))]
    AllowanceExceeded {
        requested: u32,
        left: u32,
        limit: u32,
        /// When the purchase could go ahead, if it ever can.
        available_from: Option<DateTime<Utc>>,
    },
    #[error("The total is too large.")]
    Overflow,
}

impl Refusal for PurchaseRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::UnknownPermitType { .. } => "unknown_permit_type",
            Self::RegistrationNotActive { .. } => "registration_not_active",
            Self::QuantityZero => "quantity_zero",
            Self::QuantityTooLarge { .. } => "quantity_too_large",
            Self::VrmRequired => "vrm_required",
            Self::VrmNotApplicable => "vrm_not_applicable",
            Self::DurationRequired { .. } => "duration_required",
            Self::DurationNotOffered { .. } => "duration_not_offered",
            Self::AllowanceExceeded { .. } => "allowance_exceeded",
            Self::Overflow => "amount_too_large",
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            Self::UnknownPermitType { .. } => Some("permit_type"),
            Self::QuantityZero | Self::QuantityTooLarge { .. } | Self::AllowanceExceeded { .. } => {
                Some("quantity")
            }
            Self::VrmRequired | Self::VrmNotApplicable => Some("vrm"),
            Self::DurationRequired { .. } | Self::DurationNotOffered { .. } => {
                Some("duration_months")
            }
            Self::RegistrationNotActive { .. } | Self::Overflow => None,
        }
    }
}

fn months_list(options: &[u32]) -> String {
    let words: Vec<String> = options.iter().map(|m| format!("{m} months")).collect();
    words.join(" or ")
}

fn allowance_message(
    requested: u32,
    left: u32,
    limit: u32,
    from: Option<&DateTime<Utc>>,
) -> String {
    let head = format!("You asked for {requested} permits but {left} of your {limit} are left.");
    match from {
        Some(at) => format!("{head} You can buy them from {}.", display_instant(*at)),
        None => format!("{head} The allowance is {limit} permits, so buy fewer."),
    }
}

/// Decides whether a purchase may go ahead now. `history` holds the resident's purchases that
/// count (see [`PastPurchase`]); `registration` is their current status at this council.
pub fn check_purchase(
    scheme: &Scheme,
    request: &PurchaseRequest,
    history: &[PastPurchase],
    registration: &RegistrationStatus,
    now: DateTime<Utc>,
) -> Result<PurchaseQuote, PurchaseRefusal> {
    let product =
        scheme
            .product(&request.permit_type)
            .ok_or_else(|| PurchaseRefusal::UnknownPermitType {
                permit_type: request.permit_type.clone(),
            })?;
    if product.needs_visitor_registration() && !registration.allows_purchase() {
        return Err(PurchaseRefusal::RegistrationNotActive {
            message: registration.explain(),
            status: registration.clone(),
        });
    }
    match product {
        Product::VisitorBundle(bundle) => quote_bundle(bundle, request, history, now),
        Product::VehiclePermit(permit) => quote_vehicle_permit(permit, request, now),
    }
}

fn quote_bundle(
    bundle: &VisitorBundle,
    request: &PurchaseRequest,
    history: &[PastPurchase],
    now: DateTime<Utc>,
) -> Result<PurchaseQuote, PurchaseRefusal> {
    if request.vrm.is_some() {
        return Err(PurchaseRefusal::VrmNotApplicable);
    }
    if request.quantity == 0 {
        return Err(PurchaseRefusal::QuantityZero);
    }
    if request.quantity > bundle.max_quantity {
        return Err(PurchaseRefusal::QuantityTooLarge {
            max: bundle.max_quantity,
        });
    }
    let permits = request
        .quantity
        .checked_mul(bundle.bundle_size)
        .ok_or(PurchaseRefusal::Overflow)?;
    let left_after = match bundle.allowance {
        None => None,
        Some(allowance) => {
            let state: AllowanceState = allowance_state(allowance, &bundle.id, history, now);
            if permits > state.left {
                let returns = future_returns(allowance, &bundle.id, history, now);
                return Err(PurchaseRefusal::AllowanceExceeded {
                    requested: permits,
                    left: state.left,
                    limit: state.limit,
                    available_from: state.available_from(permits, &returns),
                });
            }
            Some(state.left - permits)
        }
    };
    let total = bundle
        .price_pence
        .checked_mul(request.quantity)
        .ok_or(PurchaseRefusal::Overflow)?;
    Ok(PurchaseQuote {
        permit_type: bundle.id.clone(),
        quantity: request.quantity,
        permits,
        unit_price: bundle.price_pence,
        total,
        needs_review: bundle.review,
        valid_from: now,
        valid_until: bundle_expires_at(bundle.validity_months, now),
        allowance_left_after: left_after,
    })
}

/// When visitor permits bought at `bought` expire: the local midnight starting the day
/// `months` after the purchase date (VP-3), the same day their allowance comes back (VP-2).
pub fn bundle_expires_at(months: u32, bought: DateTime<Utc>) -> DateTime<Utc> {
    start_of_day(add_months(local_date(bought), months))
}

fn quote_vehicle_permit(
    permit: &VehiclePermit,
    request: &PurchaseRequest,
    now: DateTime<Utc>,
) -> Result<PurchaseQuote, PurchaseRefusal> {
    if request.quantity != 1 {
        return Err(PurchaseRefusal::QuantityTooLarge { max: 1 });
    }
    if request.vrm.is_none() {
        return Err(PurchaseRefusal::VrmRequired);
    }
    let option = permit.duration(request.duration_months)?;
    Ok(PurchaseQuote {
        permit_type: permit.id.clone(),
        quantity: 1,
        permits: 1,
        unit_price: option.price_pence,
        total: option.price_pence,
        needs_review: permit.review,
        valid_from: now,
        valid_until: start_of_day(add_months(local_date(now), option.months)),
        allowance_left_after: None,
    })
}

impl VehiclePermit {
    /// The duration option asked for; with one option only, asking is optional (RP-1).
    pub fn duration(
        &self,
        months: Option<u32>,
    ) -> Result<crate::scheme::DurationOption, PurchaseRefusal> {
        let options: Vec<u32> = self.durations.iter().map(|d| d.months).collect();
        match (months, self.durations.as_slice()) {
            (None, [only]) => Ok(*only),
            (None, _) => Err(PurchaseRefusal::DurationRequired { options }),
            (Some(m), all) => all.iter().find(|d| d.months == m).copied().ok_or(
                PurchaseRefusal::DurationNotOffered {
                    requested: m,
                    options,
                },
            ),
        }
    }
}
