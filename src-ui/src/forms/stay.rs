//! Activate Visitor Permit: VRM, permit type, start date and time, duration (ACT-1 to ACT-3).
//! The rules crate plans the stay here for instant feedback; the server plans it again.

use super::typed_date::{NotATime, parse_time};
use super::when::{StartDay, chosen_date};
use super::{FormErrors, optional};
use crate::model::{ApiError, BookStay};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use permit_rules::time::{display_date, from_local, local_date};
use permit_rules::{PermitType, Plate, Refusal, Scheme, StayPlan, StayRefusal, StayRequest};

/// How the date is named in the date input's messages.
const THE_DATE: &str = "the date the visit starts";

/// What was typed, kept as typed. `start_day` is the Today / Tomorrow / Another date radio;
/// `day`, `month` and `year` the date input under Another date; `start_time` the time (blank
/// today is "now", blank on a later day the start of that day). Date errors sit on `start`,
/// time errors on `start_time`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StayForm {
    pub vrm: String,
    pub permit_type: String,
    pub start_day: String,
    pub day: String,
    pub month: String,
    pub year: String,
    pub start_time: String,
    pub duration_minutes: String,
    /// A multi-day visit's number of days, as typed; blank is one day.
    pub days: String,
    /// The "not a UK registration" choice (issue 13): looser plate checks.
    pub non_uk: bool,
    /// "Save this vehicle for next time" (issue 18).
    pub save_vehicle: bool,
}

impl StayForm {
    pub const FIELDS: &'static [&'static str] = &[
        "vrm",
        "permit_type",
        "start",
        "start_time",
        "duration_minutes",
        "days",
    ];

    /// A form for a visit starting now, with the only permit type preselected. Nothing in it
    /// depends on the clock: "now" is taken when the form is sent.
    pub fn starting(scheme: &Scheme) -> Self {
        let types: Vec<&PermitType> = scheme.visitor_products().map(|b| &b.id).collect();
        Self {
            start_day: StartDay::Today.as_str().to_owned(),
            start_time: StartDay::Today.default_time().to_owned(),
            permit_type: match types.as_slice() {
                [only] => only.to_string(),
                _ => String::new(),
            },
            save_vehicle: true,
            ..Self::default()
        }
    }

    pub fn choice(&self) -> StartDay {
        StartDay::parse(&self.start_day).unwrap_or(StartDay::Today)
    }

    /// Where a date error's summary link goes: the first date field at fault, or the radios.
    fn date_anchor(&self, first_part: Option<&str>) -> String {
        match (self.choice(), first_part) {
            (StartDay::Other, Some(part)) => format!("start-{part}"),
            (StartDay::Other, None) => "start-day".to_owned(),
            _ => "start".to_owned(),
        }
    }

    /// The booking, and when it runs: for a multi-day visit the plan's `end` is the last
    /// day's end (the whole visit's span).
    pub fn parse(
        &self,
        scheme: &Scheme,
        now: DateTime<Utc>,
    ) -> Result<(BookStay, StayPlan), FormErrors> {
        let mut errors = FormErrors::new();
        let vrm =
            Plate::parse(&self.vrm, self.non_uk).map_err(|e| errors.add("vrm", e.to_string()));
        let days = match optional(&self.days) {
            Some(raw) => raw
                .parse::<u32>()
                .map(Some)
                .map_err(|_| errors.add("days", "Enter how many days as a number, for example 3")),
            None => Ok(None),
        };
        let permit_type = match optional(&self.permit_type) {
            Some(raw) => PermitType::parse(raw)
                .map(Some)
                .map_err(|_| errors.add("permit_type", "Choose which visitor permit to use.")),
            None => Ok(None),
        };
        let today = local_date(now);
        let typed = (self.day.as_str(), self.month.as_str(), self.year.as_str());
        let date = chosen_date(self.choice(), today, typed, THE_DATE).map_err(|problem| {
            let first = problem.parts.first().map(|p| p.name());
            errors.add_at("start", &self.date_anchor(first), problem.message)
        });
        let time = parse_time(&self.start_time).map_err(|NotATime| {
            errors.add(
                "start_time",
                "Enter the time the visit starts as a time of day, for example 09:30 or 14:00",
            )
        });
        let duration = match optional(&self.duration_minutes) {
            Some(raw) => raw
                .parse::<u32>()
                .map(Some)
                .map_err(|_| errors.add("duration_minutes", "Choose how long the visitor stays.")),
            None => Ok(None),
        };
        let (Ok(vrm), Ok(permit_type), Ok(date), Ok(time), Ok(duration), Ok(days)) =
            (vrm, permit_type, date, time, duration, days)
        else {
            return Err(errors);
        };
        let start = start_instant(self.choice(), date, time);
        let request = StayRequest {
            permit_type: permit_type.clone(),
            start,
            duration_minutes: duration,
        };
        match permit_rules::plan_visit(scheme, &request, days.unwrap_or(1), now) {
            Ok(mut plans) => {
                let last_end = plans.last().map(|p| p.end);
                let mut plan = plans.swap_remove(0);
                plan.end = last_end.unwrap_or(plan.end);
                let book = BookStay {
                    vrm,
                    permit_type,
                    start,
                    duration_minutes: duration,
                    days: days.filter(|d| *d != 1),
                    confirm_overlap: false,
                    save_vehicle: self.save_vehicle,
                };
                Ok((book, plan))
            }
            Err(refusal) => {
                self.place_refusal(&mut errors, &refusal, date < today);
                Err(errors)
            }
        }
    }

    /// The rules' refusal next to the field at fault: a start in the past is the date's fault
    /// on an earlier day and the time's today.
    fn place_refusal(&self, errors: &mut FormErrors, refusal: &StayRefusal, earlier_day: bool) {
        match refusal {
            StayRefusal::StartInPast if earlier_day => errors.add_at(
                "start",
                &self.date_anchor(None),
                "The date the visit starts must be today or in the future",
            ),
            StayRefusal::StartInPast => errors.add("start_time", refusal.to_string()),
            other if other.field() == Some("start") => {
                errors.add_at("start", &self.date_anchor(None), other.message())
            }
            other => errors.add_refusal(other),
        }
    }

    /// The server's refusal, placed as [`Self::parse`] places the rules' own.
    pub fn server_error(&self, error: &ApiError) -> FormErrors {
        if error.field.as_deref() != Some("start") {
            return FormErrors::from_api(error, Self::FIELDS);
        }
        let mut errors = FormErrors::new();
        if error.code == "start_in_past" && self.choice() == StartDay::Today {
            errors.add("start_time", error.message.clone());
        } else {
            errors.add_at("start", &self.date_anchor(None), error.message.clone());
        }
        errors
    }
}

/// When the visit starts: `None` is "now" (today with no time typed; the server takes its own
/// clock when the booking arrives, so the form never goes stale). A later day with no time
/// starts at the beginning of that day.
fn start_instant(
    choice: StartDay,
    date: NaiveDate,
    time: Option<NaiveTime>,
) -> Option<DateTime<Utc>> {
    match (choice, time) {
        (StartDay::Today, None) => None,
        (_, time) => Some(from_local(date.and_time(time.unwrap_or(NaiveTime::MIN)))),
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

    /// Another date, typed as day, month and year (ISO `date` split up).
    fn form(date: &str) -> StayForm {
        let mut parts = date.split('-');
        let (year, month, day) = (parts.next(), parts.next(), parts.next());
        StayForm {
            vrm: "ab12 cde".into(),
            start_day: "other".into(),
            day: day.unwrap_or_default().into(),
            month: month.unwrap_or_default().into(),
            year: year.unwrap_or_default().into(),
            start_time: "09:00".into(),
            ..StayForm::starting(&scheme("hampshire"))
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
        assert_eq!(errors.all()[0].target(), Some("start-day"));
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
            start_day: "other".into(),
            day: "31".into(),
            month: "11".into(),
            year: "2026".into(),
            start_time: "25:00".into(),
            ..StayForm::default()
        };
        let errors = typed
            .parse(&scheme("hampshire"), now())
            .expect_err("invalid");
        for field in ["vrm", "start", "start_time"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
        assert_eq!(
            errors.for_field("start").as_deref(),
            Some("The date the visit starts must be a real date")
        );
    }

    #[test]
    fn today_with_no_time_starts_when_sent_not_when_the_page_opened() {
        let typed = StayForm {
            vrm: "ab12 cde".into(),
            ..StayForm::starting(&scheme("hampshire"))
        };
        let later = now() + chrono::Duration::minutes(45);
        let (book, plan) = typed.parse(&scheme("hampshire"), later).expect("valid");
        assert_eq!(book.start, None, "the server takes its own now");
        assert_eq!(plan.start, later);
    }

    #[test]
    fn tomorrow_with_no_time_typed_starts_at_midnight() {
        let mut typed = form("");
        typed.start_day = "tomorrow".into();
        typed.start_time = StartDay::Tomorrow.default_time().into();
        let (book, _) = typed.parse(&scheme("hampshire"), now()).expect("valid");
        let start = book.start.expect("a set start");
        assert_eq!(
            permit_rules::time::display_instant(start),
            "00:00 on Tuesday 1 December 2026"
        );
        typed.start_time = String::new();
        let (blank, _) = typed.parse(&scheme("hampshire"), now()).expect("valid");
        assert_eq!(
            blank.start,
            Some(start),
            "blank is the start of the day too"
        );
    }

    #[test]
    fn a_time_already_past_today_is_the_time_fields_error() {
        let typed = StayForm {
            vrm: "ab12 cde".into(),
            start_time: "08:00".into(),
            ..StayForm::starting(&scheme("hampshire"))
        };
        let errors = typed.parse(&scheme("hampshire"), now()).expect_err("past");
        assert!(errors.for_field("start_time").is_some());
        assert_eq!(errors.for_field("start"), None);
        let errors = form("2026-11-29")
            .parse(&scheme("hampshire"), now())
            .expect_err("yesterday");
        assert_eq!(
            errors.for_field("start").as_deref(),
            Some("The date the visit starts must be today or in the future")
        );
    }

    #[test]
    fn a_missing_month_links_to_the_month_field() {
        let mut typed = form("2026-12-01");
        typed.month = String::new();
        let errors = typed
            .parse(&scheme("hampshire"), now())
            .expect_err("no month");
        assert_eq!(errors.all()[0].target(), Some("start-month"));
    }

    #[test]
    fn the_servers_past_start_sits_on_the_time_today() {
        let typed = StayForm::starting(&scheme("hampshire"));
        let mut error = ApiError::new("start_in_past", "The start time has passed.");
        error.field = Some("start".into());
        assert!(typed.server_error(&error).for_field("start_time").is_some());
        let error = ApiError {
            code: "beyond_horizon".into(),
            ..error
        };
        assert!(typed.server_error(&error).for_field("start").is_some());
    }

    #[test]
    fn act2_a_three_day_visit_previews_until_2359_on_its_last_day() {
        let mut typed = form("2026-12-01");
        typed.days = "3".into();
        let (book, plan) = typed.parse(&scheme("hampshire"), now()).expect("valid");
        assert_eq!(book.days, Some(3));
        assert_eq!(
            permit_rules::time::display_end(plan.end),
            "23:59 on Thursday 3 December 2026"
        );
        typed.days = "9".into();
        let errors = typed
            .parse(&scheme("hampshire"), now())
            .expect_err("over 7");
        assert!(errors.for_field("days").is_some());
        typed.days = "three".into();
        assert!(
            typed
                .parse(&scheme("hampshire"), now())
                .expect_err("words")
                .for_field("days")
                .is_some()
        );
    }

    #[test]
    fn act3_a_non_uk_plate_needs_the_choice() {
        let mut typed = form("2026-12-01");
        typed.vrm = "M-AB 1234E".into();
        let errors = typed
            .parse(&scheme("hampshire"), now())
            .expect_err("not UK");
        assert!(errors.for_field("vrm").is_some());
        typed.non_uk = true;
        let (book, _) = typed.parse(&scheme("hampshire"), now()).expect("non-UK");
        assert_eq!(book.vrm.as_str(), "MAB1234E");
        assert!(!book.vrm.is_uk());
    }

    #[test]
    fn act1_the_picker_shows_the_horizon() {
        let (first, last, words) = horizon_hint(&scheme("hampshire"), now()).expect("stays");
        assert_eq!(first.to_string(), "2026-11-30");
        assert_eq!(last.to_string(), "2026-12-14");
        assert!(words.contains("14 December 2026"));
    }
}
