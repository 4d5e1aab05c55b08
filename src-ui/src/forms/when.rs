//! The GOV.UK "Today / Tomorrow / Another date" choice over the day-month-year date input
//! (`typed_date.rs`, shared with the back office).

use super::typed_date::{DateProblem, capitalised, parse_date};
use chrono::{Datelike, Days, NaiveDate};

/// Which day a visit starts on, as the radios offer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartDay {
    Today,
    Tomorrow,
    /// The day, month and year fields.
    Other,
}

impl StartDay {
    pub const ALL: [StartDay; 3] = [StartDay::Today, StartDay::Tomorrow, StartDay::Other];

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == raw)
    }

    /// The radio's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Today => "today",
            Self::Tomorrow => "tomorrow",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Today => "Today",
            Self::Tomorrow => "Tomorrow",
            Self::Other => "Another date",
        }
    }

    /// The time field's value before anything is typed in it: blank (now) today, the start
    /// of the day on a later day.
    pub fn default_time(self) -> &'static str {
        match self {
            Self::Today => "",
            Self::Tomorrow | Self::Other => "00:00",
        }
    }
}

/// The date a choice stands for, given today's date (local).
pub(crate) fn chosen_date(
    choice: StartDay,
    today: NaiveDate,
    typed: (&str, &str, &str),
    what: &str,
) -> Result<NaiveDate, DateProblem> {
    match choice {
        StartDay::Today => Ok(today),
        StartDay::Tomorrow => today.checked_add_days(Days::new(1)).ok_or(DateProblem {
            message: format!("{} must be a real date", capitalised(what)),
            parts: Vec::new(),
        }),
        StartDay::Other => parse_date(typed.0, typed.1, typed.2, what),
    }
}

/// "For example, 27 3 2026": a date near `today`, as GOV.UK hints show one.
pub fn example_date(today: NaiveDate) -> String {
    let example = today.checked_add_days(Days::new(3)).unwrap_or(today);
    format!(
        "For example, {} {} {}",
        example.day(),
        example.month(),
        example.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHAT: &str = "the date the visit starts";

    #[test]
    fn a_later_day_starts_at_midnight_unless_a_time_is_typed_and_today_starts_now() {
        assert_eq!(StartDay::Today.default_time(), "");
        assert_eq!(StartDay::Tomorrow.default_time(), "00:00");
        assert_eq!(StartDay::Other.default_time(), "00:00");
        for day in StartDay::ALL {
            assert_eq!(StartDay::parse(day.as_str()), Some(day));
        }
    }

    #[test]
    fn the_choice_stands_for_today_tomorrow_or_the_typed_date() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
        let typed = ("", "", "");
        assert_eq!(chosen_date(StartDay::Today, today, typed, WHAT), Ok(today));
        assert_eq!(
            chosen_date(StartDay::Tomorrow, today, typed, WHAT),
            Ok(NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"))
        );
        assert!(chosen_date(StartDay::Other, today, typed, WHAT).is_err());
        assert_eq!(example_date(today), "For example, 3 1 2027");
    }
}
