//! The GOV.UK date input's day, month and year, and a typed time of day, parsed from what was
//! typed (never rewritten while typing), with the GOV.UK date input's wording. Shared source:
//! the residents' UI (src-ui) and the council's back office (src-office, through `#[path]`)
//! both read typed dates with it, so they accept and word the same things.

use chrono::{NaiveDate, NaiveTime};

/// One of the date input's three fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePart {
    Day,
    Month,
    Year,
}

impl DatePart {
    pub const ALL: [DatePart; 3] = [DatePart::Day, DatePart::Month, DatePart::Year];

    pub fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Month => "month",
            Self::Year => "year",
        }
    }
}

/// Why a typed date is not a date, and which of its fields to mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateProblem {
    pub message: String,
    pub parts: Vec<DatePart>,
}

/// The day, month and year fields as typed. `what` names the date in messages ("the date the
/// visit starts"). Months may be typed as numbers or names ("12", "Dec", "December").
pub fn parse_date(
    day: &str,
    month: &str,
    year: &str,
    what: &str,
) -> Result<NaiveDate, DateProblem> {
    let typed = [day.trim(), month.trim(), year.trim()];
    let missing: Vec<DatePart> = DatePart::ALL
        .into_iter()
        .zip(typed)
        .filter(|(_, raw)| raw.is_empty())
        .map(|(part, _)| part)
        .collect();
    let problem = |message: String, parts: Vec<DatePart>| DateProblem { message, parts };
    match missing.as_slice() {
        [] => {}
        [_, _, _] => return Err(problem(format!("Enter {what}"), missing)),
        parts => {
            let names: Vec<&str> = parts.iter().map(|p| p.name()).collect();
            let message = format!(
                "{} must include a {}",
                capitalised(what),
                names.join(" and ")
            );
            return Err(problem(message, missing));
        }
    }
    let [day, month, year] = typed;
    let not_real = || {
        problem(
            format!("{} must be a real date", capitalised(what)),
            DatePart::ALL.to_vec(),
        )
    };
    let day: u32 = day.parse().map_err(|_| not_real())?;
    let month = month_number(month).ok_or_else(not_real)?;
    if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
        return Err(problem(
            "Year must include 4 numbers".into(),
            vec![DatePart::Year],
        ));
    }
    let year: i32 = year.parse().map_err(|_| not_real())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(not_real)
}

/// A month as a number (1 to 12) or its English name, in full or its first three letters.
fn month_number(raw: &str) -> Option<u32> {
    if let Ok(number) = raw.parse::<u32>() {
        return (1..=12).contains(&number).then_some(number);
    }
    let raw = raw.to_ascii_lowercase();
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let found = NAMES
        .iter()
        .position(|name| raw.len() >= 3 && name.starts_with(raw.as_str()))?;
    u32::try_from(found + 1).ok()
}

/// The words with their first letter in capitals. They are the apps' own English labels, so
/// ASCII case mapping is enough (and keeps Unicode's case tables out of the wasm).
pub fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

/// What was typed is not a time of day (the caller words the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotATime;

/// A time of day as people type it: "09:30", "9:30", "9.30", "0930", "9", "9am", "2:30pm".
/// Blank is `None` (the caller decides what blank means).
pub fn parse_time(raw: &str) -> Result<Option<NaiveTime>, NotATime> {
    let typed = raw.trim().to_ascii_lowercase().replace(' ', "");
    if typed.is_empty() {
        return Ok(None);
    }
    let (clock, half) = match typed.strip_suffix("am") {
        Some(rest) => (rest, Some(false)),
        None => match typed.strip_suffix("pm") {
            Some(rest) => (rest, Some(true)),
            None => (typed.as_str(), None),
        },
    };
    let (hours, minutes) = match clock.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return Err(NotATime),
        None if clock.len() <= 2 => (clock, "00"),
        None if clock.len() <= 4 => clock.split_at(clock.len() - 2),
        None => return Err(NotATime),
    };
    let number = |s: &str| -> Result<u32, NotATime> {
        if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(NotATime);
        }
        s.parse().map_err(|_| NotATime)
    };
    let (mut hours, minutes) = (number(hours)?, number(minutes)?);
    if let Some(pm) = half {
        if !(1..=12).contains(&hours) {
            return Err(NotATime);
        }
        // 12am is midnight, 12pm is noon.
        hours = hours % 12 + if pm { 12 } else { 0 };
    }
    NaiveTime::from_hms_opt(hours, minutes, 0)
        .map(Some)
        .ok_or(NotATime)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHAT: &str = "the date the visit starts";

    fn date(d: &str, m: &str, y: &str) -> Result<NaiveDate, DateProblem> {
        parse_date(d, m, y, WHAT)
    }

    #[test]
    fn a_date_typed_as_numbers_or_month_names() {
        let want = NaiveDate::from_ymd_opt(2026, 12, 5).expect("date");
        for (d, m, y) in [
            ("5", "12", "2026"),
            ("05", "12", "2026"),
            (" 5 ", "Dec", "2026"),
            ("5", "december", "2026"),
        ] {
            assert_eq!(date(d, m, y), Ok(want), "{d} {m} {y}");
        }
    }

    #[test]
    fn nothing_typed_asks_for_the_date() {
        let problem = date("", " ", "").expect_err("blank");
        assert_eq!(problem.message, "Enter the date the visit starts");
        assert_eq!(problem.parts, DatePart::ALL.to_vec());
    }

    #[test]
    fn a_missing_part_is_named_and_only_it_is_marked() {
        let problem = date("5", "", "2026").expect_err("no month");
        assert_eq!(
            problem.message,
            "The date the visit starts must include a month"
        );
        assert_eq!(problem.parts, vec![DatePart::Month]);
        let problem = date("", "12", "").expect_err("no day or year");
        assert_eq!(
            problem.message,
            "The date the visit starts must include a day and year"
        );
        assert_eq!(problem.parts, vec![DatePart::Day, DatePart::Year]);
    }

    #[test]
    fn an_impossible_date_must_be_a_real_date() {
        for (d, m, y) in [
            ("31", "11", "2026"),
            ("29", "2", "2027"),
            ("x", "1", "2026"),
            ("1", "13", "2026"),
            ("1", "ju", "2026"),
        ] {
            let problem = date(d, m, y).expect_err("not real");
            assert_eq!(
                problem.message, "The date the visit starts must be a real date",
                "{d} {m} {y}"
            );
        }
        assert!(date("29", "2", "2028").is_ok(), "a leap day");
    }

    #[test]
    fn a_two_digit_year_must_have_four_numbers() {
        let problem = date("5", "12", "26").expect_err("short year");
        assert_eq!(problem.message, "Year must include 4 numbers");
        assert_eq!(problem.parts, vec![DatePart::Year]);
    }

    #[test]
    fn times_as_people_type_them() {
        let at = |h, m| Ok(Some(NaiveTime::from_hms_opt(h, m, 0).expect("time")));
        for (typed, want) in [
            ("09:30", at(9, 30)),
            ("9:30", at(9, 30)),
            ("9.30", at(9, 30)),
            ("0930", at(9, 30)),
            ("930", at(9, 30)),
            ("9", at(9, 0)),
            ("14:05", at(14, 5)),
            ("9am", at(9, 0)),
            ("2:30 pm", at(14, 30)),
            ("12am", at(0, 0)),
            ("12pm", at(12, 0)),
            ("00:00", at(0, 0)),
        ] {
            assert_eq!(parse_time(typed), want, "{typed}");
        }
        assert_eq!(parse_time("  "), Ok(None));
        for typed in ["24:00", "9:3", "9:60", "13pm", "ab", "12345", "9::30"] {
            assert_eq!(parse_time(typed), Err(NotATime), "{typed}");
        }
    }
}
