//! Renewing and cancelling a vehicle permit (RP-4, RP-5, AVP-3, AVP-4).

use super::purchase::PurchaseRefusal;
use crate::refusal::Refusal;
use crate::scheme::{Product, RefundPolicy, Scheme, VehiclePermit};
use crate::time::{
    add_months, display_date, display_end, display_instant, local_date, start_of_day,
};
use crate::types::{Pence, PermitType};
use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A vehicle permit the resident holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldPermit {
    pub permit_type: PermitType,
    pub valid_from: DateTime<Utc>,
    /// Exclusive: the local midnight it expires at.
    pub valid_until: DateTime<Utc>,
    /// What was paid for this period, for refunds.
    pub price_paid: Pence,
    pub months: u32,
    /// RP-4, AVP-3: where it was renewed, when the next period ends (exclusive).
    #[serde(default)]
    pub renewed_until: Option<DateTime<Utc>>,
    /// RP-2: that next period is paid for and still awaits the council's review.
    #[serde(default)]
    pub renewal_under_review: bool,
}

/// The expiry date people see: the last local day the permit is valid on.
pub fn expiry_date(valid_until: DateTime<Utc>) -> NaiveDate {
    local_date(valid_until - Duration::seconds(1))
}

/// When renewal opens: local midnight starting the day `window` days before the expiry date
/// (docs/rules.md: "renewal is allowed from the local date 30 days before the expiry date").
pub fn renewal_opens_at(product: &VehiclePermit, valid_until: DateTime<Utc>) -> DateTime<Utc> {
    let day = expiry_date(valid_until)
        .checked_sub_days(Days::new(u64::from(product.renewal_window_days)))
        .unwrap_or(NaiveDate::MIN);
    start_of_day(day)
}

/// RP-6: how a permit's next period is paid for when its renewal opens (docs/rules.md, "What
/// the pages leave open"). The renewal job acts on it and the resident is told the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalPayment {
    /// Auto-renewal is on and the card the resident agreed to when paying is charged (a link
    /// to pay is sent if that charge fails).
    CardOnFile,
    /// Auto-renewal is on but no card is set up for this permit (it ended when auto-renewal was
    /// switched off, or none was ever set up): the resident is sent a link to pay.
    PaymentLink,
    /// Auto-renewal is on but the council's payment account takes no recurring payments: the
    /// resident is sent a link to pay.
    PaymentLinkNoRecurring,
    /// Auto-renewal is off, or the product does not renew itself (RP-4, AVP-3): the resident
    /// renews it after the reminder emailed to them.
    Reminder,
    /// As [`Self::Reminder`], but the resident gave no email address, so no reminder is sent
    /// (RP-4, AVP-3): they renew it themselves once renewal opens.
    NoReminder,
    /// The next period has been bought (by hand or by the card): nothing more is paid for this
    /// one, and it cannot be renewed again.
    Renewed,
}

/// What [`renewal_payment`] decides from, about one permit of a product.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenewalFacts {
    /// Auto-renewal is switched on for it (RP-6).
    pub on: bool,
    /// A recurring-payment agreement is set up to pay for it.
    pub has_agreement: bool,
    /// The council's payment account takes recurring payments.
    pub council_takes_recurring: bool,
    /// Its next period has been bought already.
    pub renewed: bool,
    /// The resident gave an email address (RP-4, AVP-3: where reminders go).
    pub has_email: bool,
}

/// RP-6, RP-4, AVP-3: what happens when renewal opens for a permit of `product`.
pub fn renewal_payment(product: &VehiclePermit, facts: &RenewalFacts) -> RenewalPayment {
    if facts.renewed {
        return RenewalPayment::Renewed;
    }
    match (
        facts.on && product.auto_renewal,
        facts.council_takes_recurring,
        facts.has_agreement,
    ) {
        (false, _, _) if facts.has_email => RenewalPayment::Reminder,
        (false, _, _) => RenewalPayment::NoReminder,
        (true, false, _) => RenewalPayment::PaymentLinkNoRecurring,
        (true, true, false) => RenewalPayment::PaymentLink,
        (true, true, true) => RenewalPayment::CardOnFile,
    }
}

/// A renewal that may go ahead: the next period follows on from the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalQuote {
    pub valid_from: DateTime<Utc>,
    pub valid_until: DateTime<Utc>,
    pub months: u32,
    pub price: Pence,
    pub needs_review: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RenewalRefusal {
    #[error("This permit cannot be renewed.")]
    NotRenewable,
    #[error("Renewed: the new period runs until the end of {}.", display_date(expiry_date(*until)))]
    AlreadyRenewed { until: DateTime<Utc> },
    #[error("Renewal opens on {}, 30 days before the permit expires.", display_instant(*opens_at))]
    TooEarly { opens_at: DateTime<Utc> },
    #[error("This permit expired at {}; buy a new one instead.", display_end(*expired_at))]
    Expired { expired_at: DateTime<Utc> },
    #[error("{0}")]
    Duration(PurchaseRefusal),
}

impl Refusal for RenewalRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::NotRenewable => "not_renewable",
            Self::AlreadyRenewed { .. } => "already_renewed",
            Self::TooEarly { .. } => "renewal_not_open",
            Self::Expired { .. } => "permit_expired",
            Self::Duration(inner) => inner.code(),
        }
    }

    /// The one choice a renewal makes is its duration: every refusal is shown next to it.
    fn field(&self) -> Option<&'static str> {
        Some("duration_months")
    }
}

fn vehicle_product<'a>(scheme: &'a Scheme, permit_type: &PermitType) -> Option<&'a VehiclePermit> {
    match scheme.product(permit_type) {
        Some(Product::VehiclePermit(v)) => Some(v),
        _ => None,
    }
}

/// Whether `permit` may be renewed at `now`, for `duration_months` (RP-4, AVP-3): once only.
pub fn may_renew(
    scheme: &Scheme,
    permit: &HeldPermit,
    duration_months: Option<u32>,
    now: DateTime<Utc>,
) -> Result<RenewalQuote, RenewalRefusal> {
    let product =
        vehicle_product(scheme, &permit.permit_type).ok_or(RenewalRefusal::NotRenewable)?;
    if let Some(until) = permit.renewed_until {
        return Err(RenewalRefusal::AlreadyRenewed { until });
    }
    if now >= permit.valid_until {
        return Err(RenewalRefusal::Expired {
            expired_at: permit.valid_until,
        });
    }
    let opens_at = renewal_opens_at(product, permit.valid_until);
    if now < opens_at {
        return Err(RenewalRefusal::TooEarly { opens_at });
    }
    let option = product
        .duration(duration_months)
        .map_err(RenewalRefusal::Duration)?;
    Ok(RenewalQuote {
        valid_from: permit.valid_until,
        valid_until: start_of_day(add_months(local_date(permit.valid_until), option.months)),
        months: option.months,
        price: option.price_pence,
        needs_review: product.review,
    })
}

/// A cancellation that may go ahead, with what is refunded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermitCancellation {
    pub refund: Pence,
    /// The policy in words, to show before the resident confirms.
    pub policy: String,
    /// RP-5 with RP-2: the renewal awaiting the council's review is withdrawn with the permit
    /// and what was paid for it is refunded in full (on top of `refund`, this period's).
    pub withdraws_renewal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PermitCancelRefusal {
    #[error("This permit ended at {}, so there is nothing to cancel.", display_end(*ended_at))]
    AlreadyEnded { ended_at: DateTime<Utc> },
    #[error("This permit cannot be cancelled here.")]
    NotAVehiclePermit,
}

impl Refusal for PermitCancelRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::AlreadyEnded { .. } => "permit_already_ended",
            Self::NotAVehiclePermit => "not_a_vehicle_permit",
        }
    }
}

/// Whether `permit` may be cancelled at `now` and what comes back (RP-5, AVP-4).
///
/// RP-5 with RP-2: a renewal paid for but still awaiting the council's review is withdrawn with
/// it and refunded in full. "Without a refund" is about the period that runs; the renewal has
/// not started and the council has not issued it, and left behind it would either be approved
/// into a permit the resident has just given up (and then be non-refundable itself) or hold
/// their money until the council decided. Refusing the cancel until then would keep a resident
/// who sold their car or moved away tied to the permit for days.
pub fn cancel_permit(
    scheme: &Scheme,
    permit: &HeldPermit,
    now: DateTime<Utc>,
) -> Result<PermitCancellation, PermitCancelRefusal> {
    let product = vehicle_product(scheme, &permit.permit_type)
        .ok_or(PermitCancelRefusal::NotAVehiclePermit)?;
    if now >= permit.valid_until {
        return Err(PermitCancelRefusal::AlreadyEnded {
            ended_at: permit.valid_until,
        });
    }
    let (refund, mut policy) = match product.refund {
        RefundPolicy::None => (Pence::ZERO, "This permit is non-refundable.".to_owned()),
        RefundPolicy::ProRataUnusedMonths { admin_fee_pence } => {
            let unused = unused_whole_months(permit, now);
            let share = u64::from(unused) * permit.price_paid.0 / u64::from(permit.months.max(1));
            (
                Pence(share).saturating_sub(admin_fee_pence),
                format!(
                    "You get back the whole months not yet started ({unused} of {}), less a {admin_fee_pence} fee. The current month is not refunded; the permit ends now.",
                    permit.months
                ),
            )
        }
    };
    let withdraws_renewal = permit.renewal_under_review;
    if withdraws_renewal {
        policy.push_str(
            " Your renewal waiting for the council's approval is withdrawn with it, and what you paid for the renewal is refunded in full.",
        );
    }
    Ok(PermitCancellation {
        refund,
        policy,
        withdraws_renewal,
    })
}

/// Months of the period that have not started by `now`: a month already begun counts as used.
fn unused_whole_months(permit: &HeldPermit, now: DateTime<Utc>) -> u32 {
    let from = local_date(permit.valid_from);
    let today = local_date(now);
    let started = (0..=permit.months)
        .find(|&m| add_months(from, m) > today)
        .unwrap_or(permit.months);
    permit.months.saturating_sub(started)
}
