//! A vehicle permit as the resident sees it, with its product's name, renewal date and how its
//! next period will be paid for.

use crate::db::at;
use crate::db::permits::PermitRow;
use crate::domain::PermitState;
use crate::state::AppState;
use permit_api_types::{Permit, RenewsBy};
use permit_rules::scheme::{Product, VehiclePermit};
use permit_rules::{
    PermitType, RenewalFacts, RenewalPayment, Scheme, renewal_opens_at, renewal_payment,
    review_clock,
};

pub fn permit_view(state: &AppState, scheme: &Scheme, row: &PermitRow) -> Permit {
    let product =
        PermitType::parse(&row.permit_type)
            .ok()
            .and_then(|id| match scheme.product(&id) {
                Some(Product::VehiclePermit(v)) => Some(v.clone()),
                _ => None,
            });
    let renews_by = renews_by(state, scheme, product.as_ref(), row);
    Permit {
        id: row.id.clone(),
        permit_type: row.permit_type.clone(),
        name: product.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        vrm: row.vrm.clone(),
        property_id: row.property_id.clone(),
        state: row.state.to_string(),
        auto_renew: row.auto_renew != 0,
        duration_months: u32::try_from(row.duration_months).unwrap_or_default(),
        price_pence: u64::try_from(row.price_pence).unwrap_or_default(),
        starts_at: row.starts(),
        expires_at: row.expires(),
        renewal_opens_at: product.map_or(row.expires(), |p| renewal_opens_at(&p, row.expires())),
        renews_by,
        renewed_until: row.renewed_until(),
        // The council's queue clock from payment; only its due time is told (not "overdue").
        renewal_decision_due: row
            .renewal_submitted_at
            .map(at)
            .map(|paid| review_clock(&scheme.review, paid, paid).due_at),
    }
}

/// RP-6, RP-4, AVP-3: what the renewal job will do when renewal opens (`jobs::renewals`), from
/// the same rule, so the resident is told exactly that.
fn renews_by(
    state: &AppState,
    scheme: &Scheme,
    product: Option<&VehiclePermit>,
    row: &PermitRow,
) -> RenewsBy {
    let ended = matches!(row.state, PermitState::Cancelled | PermitState::Rejected);
    let Some(product) = product.filter(|_| !ended) else {
        return RenewsBy::Ended;
    };
    match renewal_payment(product, &renewal_facts(state, scheme, row)) {
        RenewalPayment::CardOnFile => RenewsBy::CardOnFile,
        RenewalPayment::PaymentLink => RenewsBy::PaymentLink,
        RenewalPayment::PaymentLinkNoRecurring => RenewsBy::PaymentLinkNoRecurring,
        RenewalPayment::Reminder => RenewsBy::Reminder,
        RenewalPayment::NoReminder => RenewsBy::NoReminder,
        RenewalPayment::Renewed => RenewsBy::Renewed,
    }
}

/// What `permit_rules::renewal_payment` decides from, for a stored permit of `scheme`'s.
pub fn renewal_facts(state: &AppState, scheme: &Scheme, row: &PermitRow) -> RenewalFacts {
    RenewalFacts {
        on: row.auto_renew != 0,
        has_agreement: row.agreement_id.is_some(),
        council_takes_recurring: state.providers.recurring(scheme.id.as_str()),
        renewed: row.renewed_until.is_some(),
        has_email: row.resident_has_email != 0,
    }
}
