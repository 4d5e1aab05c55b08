//! Manage Digital Permits: the vehicle on a permit (AVP-2 edit, RP-3 change request), and
//! renewing it (RP-4, AVP-3).

use super::FormErrors;
use super::buy::{Answer, months};
use crate::model::Permit;
use chrono::{DateTime, Utc};
use permit_rules::scheme::{DurationOption, Product};
use permit_rules::time::display_end;
use permit_rules::{RenewalQuote, Scheme, Vrm, may_renew};

/// RP-4: the durations a permit can be renewed for (several are asked about; one is not).
pub fn renewal_durations(scheme: &Scheme, permit: &Permit) -> Vec<DurationOption> {
    match scheme.product(&permit.permit_type) {
        Some(Product::VehiclePermit(v)) => v.durations.clone(),
        _ => Vec::new(),
    }
}

/// The renewal for the duration chosen (`chosen`, the radio's value; the only duration where
/// there is one), checked by the rules engine as the server will check it again; the error
/// is by its field.
pub fn renewal_quote(
    scheme: &Scheme,
    permit: &Permit,
    chosen: &str,
    now: DateTime<Utc>,
) -> Result<(Option<u32>, RenewalQuote), FormErrors> {
    let durations = renewal_durations(scheme, permit);
    let months = match durations.as_slice() {
        [only] => Some(only.months),
        [] => None,
        _ => match chosen.parse::<u32>() {
            Ok(months) => Some(months),
            Err(_) => {
                let mut errors = FormErrors::new();
                errors.add("duration_months", "Choose how long to renew the permit for");
                return Err(errors);
            }
        },
    };
    may_renew(scheme, &permit.held(), months, now)
        .map(|quote| (months, quote))
        .map_err(|refusal| {
            let mut errors = FormErrors::new();
            errors.add("duration_months", refusal.to_string());
            errors
        })
}

/// "Check your answers" before paying for a renewal: the permit, its vehicle, the duration
/// (changeable where there is a choice), the new period and the price.
pub fn renewal_answers(scheme: &Scheme, permit: &Permit, quote: &RenewalQuote) -> Vec<Answer> {
    let name = scheme
        .product(&permit.permit_type)
        .map(|p| p.name().to_owned())
        .unwrap_or_else(|| permit.permit_type.to_string());
    let ask = renewal_durations(scheme, permit).len() > 1;
    vec![
        Answer::new("Permit", name, None),
        Answer::new("Vehicle", permit.vrm.spaced(), None),
        Answer::new(
            "How long for",
            months(quote.months),
            ask.then_some("duration_months"),
        ),
        Answer::new(
            "New period",
            format!("Until {}", display_end(quote.valid_until)),
            None,
        ),
        Answer::new("Price", quote.price.to_string(), None),
    ]
}

pub fn parse_vrm_change(raw: &str, current: &Vrm) -> Result<Vrm, FormErrors> {
    let mut errors = FormErrors::new();
    match Vrm::parse(raw) {
        Ok(vrm) if &vrm == current => {
            errors.add("new_vrm", "That is the vehicle already on this permit.");
            Err(errors)
        }
        Ok(vrm) => Ok(vrm),
        Err(e) => {
            errors.add("new_vrm", e.to_string());
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avp2_the_new_vrm_must_differ_and_parse() {
        let current = Vrm::parse("AB12CDE").expect("vrm");
        assert!(parse_vrm_change("ab12 cde", &current).is_err());
        assert!(parse_vrm_change("??", &current).is_err());
        assert_eq!(
            parse_vrm_change("xy19 zzz", &current).map(|v| v.to_string()),
            Ok("XY19ZZZ".to_owned())
        );
    }

    /// A Leicestershire permit of `product`, bought for 6 months on 10 July 2026: renewal is
    /// open from 10 December 2026.
    fn motorcycle() -> (Scheme, Permit) {
        let scheme = crate::test_support::scheme("leicestershire");
        let permit = Permit {
            id: "p1".into(),
            permit_type: permit_rules::PermitType::parse("motorcycle").expect("type"),
            vrm: Vrm::parse("AB12CDE").expect("vrm"),
            valid_from: "2026-07-10T00:00:00Z".parse().expect("from"),
            valid_until: "2027-01-10T00:00:00Z".parse().expect("until"),
            months: 6,
            price_paid: permit_rules::Pence(2000),
            status: "active".into(),
            property_id: "leicestershire-0001".into(),
            auto_renew: false,
            renews_by: permit_api_types::RenewsBy::Reminder,
            renewed_until: None,
            renewal_decision_due: None,
            pending_vrm: None,
        };
        (scheme, permit)
    }

    #[test]
    fn rp4_a_renewal_asks_for_a_duration_where_there_are_several_and_shows_its_price() {
        let (scheme, permit) = motorcycle();
        let open: DateTime<Utc> = "2026-12-20T09:00:00Z".parse().expect("t");
        assert_eq!(renewal_durations(&scheme, &permit).len(), 2);
        let errors = renewal_quote(&scheme, &permit, "", open).expect_err("none chosen");
        assert_eq!(
            errors.for_field("duration_months").as_deref(),
            Some("Choose how long to renew the permit for")
        );
        let (months, quote) = renewal_quote(&scheme, &permit, "12", open).expect("quoted");
        assert_eq!((months, quote.price), (Some(12), permit_rules::Pence(3500)));
        let answers = renewal_answers(&scheme, &permit, &quote);
        let shown: Vec<(&str, &str)> = answers
            .iter()
            .map(|a| (a.key.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(shown[0], ("Permit", "Motorcycle Permit"));
        assert_eq!(shown[1], ("Vehicle", "AB12 CDE"));
        assert_eq!(shown[2], ("How long for", "12 months"));
        assert_eq!(shown[4], ("Price", "£35.00"));
        assert_eq!(answers[2].field, Some("duration_months"), "changeable");
        // Before the window opens the rules engine's reason is by the field.
        let early = renewal_quote(&scheme, &permit, "12", crate::test_support::now())
            .expect_err("too early");
        assert!(
            early
                .for_field("duration_months")
                .is_some_and(|m| m.contains("Renewal opens on")),
            "{early:?}"
        );
    }
}
