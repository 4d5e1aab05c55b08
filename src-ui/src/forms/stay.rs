//! Activate Visitor Permit: VRM, permit type, start date and time, duration (ACT-1 to ACT-3).
//! The rules crate plans the stay here for instant feedback; the server plans it again.

use super::{FormErrors, optional};
use crate::model::BookStay;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use permit_rules::time::{display_date, from_local, local, local_date};
use permit_rules::{PermitType, Scheme, StayPlan, StayRequest, Vrm};

/// What was typed, kept as typed. `start` is the date input (YYYY-MM-DD) and holds the
/// server's `start` errors too; `start_time` is HH:MM.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StayForm {
    pub vrm: String,
    pub permit_type: String,
    pub start: String,
    pub start_time: String,
    pub duration_minutes: String,
}

impl StayForm {
    pub const FIELDS: &'static [&'static str] = &[
        "vrm",
        "permit_type",
        "start",
        "start_time",
        "duration_minutes",
    ];

    /// A form for today, from the next whole minute, with the only permit type preselected.
    pub fn starting(scheme: &Scheme, now: DateTime<Utc>) -> Self {
        let wall = local(now);
        let types: Vec<&PermitType> = scheme.visitor_products().map(|b| &b.id).collect();
        Self {
            start: wall.date_naive().format("%Y-%m-%d").to_string(),
            start_time: wall.format("%H:%M").to_string(),
            permit_type: match types.as_slice() {
                [only] => only.to_string(),
                _ => String::new(),
            },
            ..Self::default()
        }
    }

    pub fn parse(
        &self,
        scheme: &Scheme,
        now: DateTime<Utc>,
    ) -> Result<(BookStay, StayPlan), FormErrors> {
        let mut errors = FormErrors::new();
        let vrm = Vrm::parse(&self.vrm).map_err(|e| errors.add("vrm", e.to_string()));
        let permit_type = match optional(&self.permit_type) {
            Some(raw) => PermitType::parse(raw)
                .map(Some)
                .map_err(|_| errors.add("permit_type", "Choose which visitor permit to use.")),
            None => Ok(None),
        };
        let date = NaiveDate::parse_from_str(self.start.trim(), "%Y-%m-%d").map_err(|_| {
            errors.add(
                "start",
                "Enter the date the visit starts, for example 5 December.",
            )
        });
        let time = NaiveTime::parse_from_str(self.start_time.trim(), "%H:%M").map_err(|_| {
            errors.add(
                "start_time",
                "Enter the time the visit starts, for example 09:30.",
            )
        });
        let duration = match optional(&self.duration_minutes) {
            Some(raw) => raw
                .parse::<u32>()
                .map(Some)
                .map_err(|_| errors.add("duration_minutes", "Choose how long the visitor stays.")),
            None => Ok(None),
        };
        let (Ok(vrm), Ok(permit_type), Ok(date), Ok(time), Ok(duration)) =
            (vrm, permit_type, date, time, duration)
        else {
            return Err(errors);
        };
        let start = from_local(date.and_time(time));
        let request = StayRequest {
            permit_type: permit_type.clone(),
            start: Some(start),
            duration_minutes: duration,
        };
        match permit_rules::plan_stay(scheme, &request, now) {
            Ok(plan) => Ok((
                BookStay {
                    vrm,
                    permit_type,
                    start: plan.start,
                    duration_minutes: duration,
                },
                plan,
            )),
            Err(refusal) => {
                errors.add_refusal(&refusal);
                Err(errors)
            }
        }
    }
}

/// ACT-1 shown before any error: the first and last dates the picker allows, and the words.
pub fn horizon_hint(scheme: &Scheme, now: DateTime<Utc>) -> Option<(NaiveDate, NaiveDate, String)> {
    let stays = scheme.stays.as_ref()?;
    let first = local_date(now);
    let last = permit_rules::latest_start_day(stays, now);
    let words = format!(
        "You can book a visit starting today up to {} ({} days ahead).",
        display_date(last),
        stays.horizon_days
    );
    Some((first, last, words))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{now, scheme};

    fn form(date: &str) -> StayForm {
        StayForm {
            vrm: "ab12 cde".into(),
            start: date.into(),
            start_time: "09:00".into(),
            ..StayForm::starting(&scheme("hampshire"), now())
        }
    }

    #[test]
    fn act2_a_stay_tomorrow_runs_until_2359_local() {
        let (book, plan) = form("2026-12-01")
            .parse(&scheme("hampshire"), now())
            .expect("valid");
        assert_eq!(book.vrm.as_str(), "AB12CDE");
        assert_eq!(
            permit_rules::time::display_end(plan.end),
            "23:59 on Tuesday 1 December 2026"
        );
    }

    #[test]
    fn act1_fifteen_days_ahead_is_a_start_field_error() {
        let errors = form("2026-12-15")
            .parse(&scheme("hampshire"), now())
            .expect_err("beyond horizon");
        let message = errors.for_field("start").expect("next to the date");
        assert!(message.contains("14 days ahead"), "{message}");
        assert!(message.contains("14 December 2026"), "{message}");
        form("2026-12-14")
            .parse(&scheme("hampshire"), now())
            .expect("14 days ahead is fine");
    }

    #[test]
    fn act3_leicestershire_asks_for_a_duration() {
        let mut typed = form("2026-12-01");
        typed.permit_type = "visitor-bundle".into();
        let errors = typed
            .parse(&scheme("leicestershire"), now())
            .expect_err("no duration");
        assert!(errors.for_field("duration_minutes").is_some());
        typed.duration_minutes = "120".into();
        let (_, plan) = typed
            .parse(&scheme("leicestershire"), now())
            .expect("valid");
        assert_eq!(plan.end - plan.start, chrono::Duration::hours(2));
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let typed = StayForm {
            vrm: "!!".into(),
            start: "tomorrow".into(),
            start_time: "9".into(),
            ..StayForm::default()
        };
        let errors = typed
            .parse(&scheme("hampshire"), now())
            .expect_err("invalid");
        for field in ["vrm", "start", "start_time"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
    }

    #[test]
    fn act1_the_picker_shows_the_horizon() {
        let (first, last, words) = horizon_hint(&scheme("hampshire"), now()).expect("stays");
        assert_eq!(first.to_string(), "2026-11-30");
        assert_eq!(last.to_string(), "2026-12-14");
        assert!(words.contains("14 December 2026"));
    }
}
