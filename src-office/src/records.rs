//! Words for what the lookup pages show (a resident's record, the audit log, the
//! enforcement-check log) and the typed date-and-time filters they take, as plain functions
//! tested on the host. Times are UTC, as the rest of the back office shows them.

use crate::forms::Errors;
use crate::forms::typed_date::{DatePart, NotATime, capitalised, parse_date, parse_time};
use chrono::{DateTime, Datelike, NaiveTime, Timelike, Utc};

/// Money as the council's letters write it: "£20.00".
pub fn pounds(pence: u64) -> String {
    format!("£{}.{:02}", pence / 100, pence % 100)
}

/// A state as the API spells it (`awaiting_proof`) in words ("Awaiting proof").
pub fn words(state: &str) -> String {
    capitalised(&state.replace('_', " "))
}

/// The audit log's kinds of action, as the server logs them, with their labels: the filter's
/// choices. (`{kind}_decision` covers each review queue's decisions.)
pub const AUDIT_KINDS: &[(&str, &str)] = &[
    ("registration_decision", "Registration decision"),
    ("purchase_decision", "Purchase decision"),
    ("vehicle_change_decision", "Vehicle change decision"),
    ("change_of_address_decision", "Change of address decision"),
    ("new_zone_permit_decision", "New-zone permit decision"),
    ("agent_verification", "Caller verification"),
    ("agent_booked_stay", "Stay booked by phone"),
    ("agent_cancelled_stay", "Stay cancelled by phone"),
    ("agent_cancelled_permit", "Permit cancelled by phone"),
    ("agent_auto_renew_on", "Auto-renewal switched on by phone"),
    ("agent_auto_renew_off", "Auto-renewal switched off by phone"),
    ("staff_added", "Staff member added"),
    ("staff_role_changed", "Staff role changed"),
    ("staff_disabled", "Staff member disabled"),
];

/// An audit entry's action in words; one the list does not know yet reads as its words.
pub fn action_label(action: &str) -> String {
    AUDIT_KINDS
        .iter()
        .find(|(kind, _)| *kind == action)
        .map_or_else(|| words(action), |(_, label)| (*label).to_owned())
}

/// Who acted: their name where the server knows it, else the actor as logged.
pub fn actor_label(actor: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => name.to_owned(),
        None if actor == "operator" => "Test-mode operator".to_owned(),
        None => actor.to_owned(),
    }
}

/// What an enforcement check answered, in the words a dispute needs.
pub fn check_answer(permitted: bool, permit_kind: Option<&str>) -> String {
    if !permitted {
        return "Not permitted".to_owned();
    }
    let by = match permit_kind {
        Some("visitor_stay") => "a visitor stay",
        Some("resident_permit") => "a resident permit",
        Some("annual_visitor_permit") => "an annual visitor permit",
        _ => return "Permitted".to_owned(),
    };
    format!("Permitted by {by}")
}

/// One typed moment: the GOV.UK date input's day, month and year, and a time (UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedMoment {
    pub day: String,
    pub month: String,
    pub year: String,
    pub time: String,
}

impl TypedMoment {
    /// The fields as they show `at` (from a reloaded URL).
    pub fn of(at: DateTime<Utc>) -> Self {
        Self {
            day: at.day().to_string(),
            month: at.month().to_string(),
            year: at.year().to_string(),
            time: format!("{:02}:{:02}", at.hour(), at.minute()),
        }
    }

    fn is_blank(&self) -> bool {
        [&self.day, &self.month, &self.year, &self.time]
            .iter()
            .all(|s| s.trim().is_empty())
    }

    /// Nothing typed is no limit; a date with no time is its midnight (00:00 UTC). `field`
    /// is the error's key (the day input's id); `what` names the moment in messages.
    pub fn parse(&self, field: &str, what: &str) -> Result<Option<DateTime<Utc>>, Errors> {
        if self.is_blank() {
            return Ok(None);
        }
        let date = parse_date(&self.day, &self.month, &self.year, what)
            .map_err(|problem| Errors::of(field, problem.message))?;
        let time = parse_time(&self.time)
            .map_err(|NotATime| {
                Errors::of(
                    field,
                    format!(
                        "{} must have a time like 14:05, or no time",
                        capitalised(what)
                    ),
                )
            })?
            .unwrap_or(NaiveTime::MIN);
        Ok(Some(date.and_time(time).and_utc()))
    }
}

/// Which of the date input's parts to mark while `field` has an error.
pub fn parts_at_fault(typed: &TypedMoment, what: &str) -> Vec<DatePart> {
    match parse_date(&typed.day, &typed.month, &typed.year, what) {
        Ok(_) => Vec::new(),
        Err(problem) => problem.parts,
    }
}

/// A time range's start and end, each optional (no limit).
pub type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// A time range's two ends, each optional; the end must come after the start.
pub fn parse_range(from: &TypedMoment, to: &TypedMoment) -> Result<Range, Errors> {
    let start = from.parse("from", "the start");
    let end = to.parse("to", "the end");
    match (start, end) {
        (Ok(Some(start)), Ok(Some(end))) if end <= start => {
            Err(Errors::of("to", "The end must be after the start"))
        }
        (Ok(start), Ok(end)) => Ok((start, end)),
        (Err(mut errors), Err(more)) => {
            for e in more.all() {
                errors.add(e.field.as_deref().unwrap_or("to"), e.message.clone());
            }
            Err(errors)
        }
        (Err(errors), _) | (_, Err(errors)) => Err(errors),
    }
}

/// A search: what was typed, trimmed, 1 to 100 characters (the server's limit).
pub fn parse_search(raw: &str) -> Result<String, Errors> {
    let q = raw.trim();
    if q.is_empty() {
        return Err(Errors::of(
            "q",
            "Enter a name, email address, postcode or vehicle registration",
        ));
    }
    if q.chars().count() > 100 {
        return Err(Errors::of(
            "q",
            "The search must be 100 characters or fewer",
        ));
    }
    Ok(q.to_owned())
}

/// A vehicle registration as typed on a ticket, capitals and no spaces; the server checks it.
pub fn parse_vrm(raw: &str) -> Result<String, Errors> {
    let vrm: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    if vrm.is_empty() {
        return Err(Errors::of("vrm", "Enter the vehicle registration"));
    }
    if vrm.chars().count() > 10 || !vrm.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Errors::of(
            "vrm",
            "Enter the vehicle registration as on the ticket, like AB12 CDE",
        ));
    }
    Ok(vrm)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(day: &str, month: &str, year: &str, time: &str) -> TypedMoment {
        TypedMoment {
            day: day.into(),
            month: month.into(),
            year: year.into(),
            time: time.into(),
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn money_and_states_in_words() {
        assert_eq!(pounds(2000), "£20.00");
        assert_eq!(pounds(5), "£0.05");
        assert_eq!(words("awaiting_proof"), "Awaiting proof");
        assert_eq!(action_label("agent_booked_stay"), "Stay booked by phone");
        assert_eq!(action_label("something_new"), "Something new");
        assert_eq!(actor_label("staff:1", Some("Ann")), "Ann");
        assert_eq!(actor_label("operator", None), "Test-mode operator");
    }

    #[test]
    fn a_check_says_what_permitted_the_vehicle() {
        assert_eq!(
            check_answer(true, Some("visitor_stay")),
            "Permitted by a visitor stay"
        );
        assert_eq!(check_answer(false, None), "Not permitted");
    }

    #[test]
    fn a_blank_moment_is_no_limit_and_a_date_alone_is_its_midnight() {
        assert_eq!(typed(" ", "", "", "").parse("from", "the start"), Ok(None));
        assert_eq!(
            typed("5", "3", "2026", "").parse("from", "the start"),
            Ok(Some(at("2026-03-05T00:00:00Z")))
        );
        assert_eq!(
            typed("5", "Mar", "2026", "2:30pm").parse("from", "the start"),
            Ok(Some(at("2026-03-05T14:30:00Z")))
        );
    }

    #[test]
    fn a_moment_round_trips_through_the_url() {
        let moment = at("2026-11-30T09:05:00Z");
        assert_eq!(
            TypedMoment::of(moment).parse("to", "the end"),
            Ok(Some(moment))
        );
        assert_eq!(TypedMoment::of(moment).time, "09:05");
    }

    #[test]
    fn a_bad_moment_is_named_by_its_field() {
        let errors = typed("5", "", "2026", "").parse("from", "the start");
        assert_eq!(
            errors.expect_err("no month").for_field("from").as_deref(),
            Some("The start must include a month")
        );
        let errors = typed("", "", "", "14:05").parse("to", "the end");
        assert_eq!(
            errors.expect_err("time only").for_field("to").as_deref(),
            Some("Enter the end")
        );
        let errors = typed("5", "3", "2026", "25:00").parse("to", "the end");
        assert_eq!(
            errors.expect_err("bad time").for_field("to").as_deref(),
            Some("The end must have a time like 14:05, or no time")
        );
        assert_eq!(
            parts_at_fault(&typed("5", "", "", ""), "the start"),
            vec![DatePart::Month, DatePart::Year]
        );
    }

    #[test]
    fn a_range_ends_after_it_starts_and_both_ends_report_their_errors() {
        let (from, to) = (
            typed("5", "3", "2026", "10:00"),
            typed("5", "3", "2026", "09:00"),
        );
        assert_eq!(
            parse_range(&from, &to)
                .expect_err("backwards")
                .for_field("to")
                .as_deref(),
            Some("The end must be after the start")
        );
        let both = parse_range(&typed("x", "3", "2026", ""), &typed("1", "", "2026", ""))
            .expect_err("both wrong");
        assert_eq!(both.all().len(), 2);
        assert_eq!(
            parse_range(&TypedMoment::default(), &typed("6", "3", "2026", "")),
            Ok((None, Some(at("2026-03-06T00:00:00Z"))))
        );
    }

    #[test]
    fn a_search_and_a_vrm_are_trimmed_and_bounded() {
        assert_eq!(parse_search("  CB1 2AB "), Ok("CB1 2AB".to_owned()));
        assert!(parse_search("   ").is_err());
        assert!(parse_search(&"a".repeat(101)).is_err());
        assert_eq!(parse_vrm(" ab12 cde "), Ok("AB12CDE".to_owned()));
        assert!(parse_vrm("").is_err());
        assert!(parse_vrm("AB-12").is_err());
    }
}
