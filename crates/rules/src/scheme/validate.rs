//! Checks a scheme as a whole, so a mistake in a council file stops start-up with a clear
//! message rather than surfacing as a strange answer to a resident.

use super::model::{Allowance, PhoneLine, Product, Records, Scheme, Sms, StayKind};
use std::collections::BTreeSet;

const MINUTES_PER_DAY: u32 = 24 * 60;
const MIN_CHECK_DAYS: u32 = 90;
const MAX_CHECK_DAYS: u32 = 3653;

pub(super) fn check(scheme: &Scheme) -> Result<(), String> {
    let mut ids = BTreeSet::new();
    for product in &scheme.products {
        if !ids.insert(product.id()) {
            return Err(format!("product '{}' is listed twice", product.id()));
        }
        check_product(product)
            .and_then(|()| check_evidence(product))
            .map_err(|p| format!("product '{}': {p}", product.id()))?;
    }
    if scheme.products.is_empty() {
        return Err("it sells no products".into());
    }
    let sells_bundles = scheme.visitor_products().next().is_some();
    match (&scheme.stays, sells_bundles) {
        (None, true) => return Err("it sells visitor bundles but has no [stays] section".into()),
        (Some(stays), _) => check_stays(stays)?,
        (None, false) => {}
    }
    check_review(&scheme.review)?;
    check_records(scheme.records)?;
    if scheme.registration.validity_months == Some(0) {
        return Err("registration.validity_months must be at least 1".into());
    }
    Ok(())
}

/// Checks are the evidence for a disputed ticket, whose challenge and appeal take months: a
/// typo must not delete them within days. Ten years is past any council's retention schedule.
fn check_records(records: Records) -> Result<(), String> {
    if !(MIN_CHECK_DAYS..=MAX_CHECK_DAYS).contains(&records.enforcement_checks_days) {
        return Err(format!(
            "records.enforcement_checks_days must be {MIN_CHECK_DAYS} to {MAX_CHECK_DAYS}"
        ));
    }
    Ok(())
}

/// A target of 0 hours would make everything overdue on arrival; a week is the most any
/// council's page allows for. Each reason is shown to the resident, so none is blank.
fn check_review(review: &super::model::ReviewDesk) -> Result<(), String> {
    if !(1..=7 * 24).contains(&review.review_target_hours) {
        return Err("review.review_target_hours must be 1 to 168".into());
    }
    if review.reject_reasons.iter().any(|r| r.trim().is_empty()) {
        return Err("review.reject_reasons holds a blank reason".into());
    }
    Ok(())
}

/// AVP-1: evidence is only asked for where an officer reviews it.
fn check_evidence(product: &Product) -> Result<(), String> {
    match product {
        Product::VehiclePermit(v) if !v.evidence.is_empty() && !v.review => {
            Err("asks for evidence, so it needs review = true".into())
        }
        _ => Ok(()),
    }
}

fn check_stays(stays: &super::model::Stays) -> Result<(), String> {
    if stays.horizon_days > 366 {
        return Err("stays.horizon_days is more than a year".into());
    }
    if stays.max_visit_days > 1 && stays.kind != StayKind::WholeDay {
        return Err("stays.max_visit_days needs whole-day stays: each day is one permit".into());
    }
    if stays.max_visit_days > stays.horizon_days.saturating_add(1) {
        return Err("stays.max_visit_days runs past the last day a stay may start".into());
    }
    if let Some(sms) = &stays.sms {
        check_sms(sms)?;
    }
    if let Some(phone) = &stays.phone {
        check_phone(phone)?;
    }
    match stays.kind {
        StayKind::WholeDay if !stays.durations_minutes.is_empty() => {
            Err("whole-day stays take no durations_minutes".into())
        }
        StayKind::Duration if stays.durations_minutes.is_empty() => {
            Err("duration stays need durations_minutes".into())
        }
        StayKind::Duration
            if stays
                .durations_minutes
                .iter()
                .any(|&m| m == 0 || m > MINUTES_PER_DAY) =>
        {
            Err("each duration is between 1 minute and a day".into())
        }
        _ => Ok(()),
    }
}

/// ACT-4: residents copy the number and the keyword from the app, so both must be typeable.
fn check_sms(sms: &Sms) -> Result<(), String> {
    let digits = sms.number.chars().filter(char::is_ascii_digit).count();
    if !(5..=15).contains(&digits)
        || !sms
            .number
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == ' ' || (i == 0 && c == '+'))
    {
        return Err(format!(
            "stays.sms.number '{}' is not a short code or phone number",
            sms.number
        ));
    }
    if sms.keyword.is_empty() || !sms.keyword.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(format!(
            "stays.sms.keyword '{}' must be one word in capital letters",
            sms.keyword
        ));
    }
    Ok(())
}

/// ACT-6: a UK number of 10 or 11 digits, and keypad options 0 to 9.
fn check_phone(phone: &PhoneLine) -> Result<(), String> {
    let digits = phone.number.chars().filter(char::is_ascii_digit).count();
    if !(10..=11).contains(&digits)
        || !phone.number.starts_with('0')
        || !phone.number.chars().all(|c| c.is_ascii_digit() || c == ' ')
    {
        return Err(format!(
            "stays.phone.number '{}' is not a UK phone number",
            phone.number
        ));
    }
    if phone.options.is_empty() || phone.options.iter().any(|&o| o > 9) {
        return Err("stays.phone.options are one or more keypad digits, 0 to 9".into());
    }
    Ok(())
}

fn check_product(product: &Product) -> Result<(), String> {
    match product {
        Product::VisitorBundle(b) => {
            if b.bundle_size == 0 || b.max_quantity == 0 || b.validity_months == 0 {
                return Err(
                    "bundle_size, max_quantity and validity_months must be at least 1".into(),
                );
            }
            if b.expiry_warning_days == Some(0) {
                return Err("expiry_warning_days must be at least 1".into());
            }
            match b.allowance {
                Some(Allowance::YearFrom { month, day, .. })
                    if chrono::NaiveDate::from_ymd_opt(2001, month, day).is_none() =>
                {
                    Err(format!("the allowance year cannot start on {day}/{month}"))
                }
                Some(a) if a.permits() < b.bundle_size => {
                    Err("the allowance is smaller than one bundle".into())
                }
                _ => Ok(()),
            }
        }
        Product::VehiclePermit(v) => {
            if v.durations.is_empty() || v.durations.iter().any(|d| d.months == 0) {
                return Err("durations must list at least one option of 1 month or more".into());
            }
            Ok(())
        }
    }
}
