//! What a phone agent types during a call (ACT-6): the caller's verification answers, and a
//! stay's VRM with its start and end as typed UK dates and times.

use super::Errors;
use super::typed_date::{NotATime, parse_date, parse_time};
use chrono::{DateTime, Utc};
use permit_rules::time::from_local;
use permit_rules::{Postcode, Vrm};

/// The caller's answers, trimmed; the server checks they match one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub postcode: String,
    pub house: String,
    pub contact: String,
}

pub fn parse_caller(postcode: &str, house: &str, contact: &str) -> Result<Caller, Errors> {
    let mut errors = Errors::new();
    let postcode = postcode.trim();
    if postcode.is_empty() {
        errors.add("postcode", "Enter the postcode of the caller's home.");
    } else if Postcode::parse(postcode).is_err() {
        errors.add("postcode", "Enter a real postcode, like CB3 0AP.");
    }
    let house = house.trim();
    if house.is_empty() {
        errors.add("house", "Enter the caller's house number or name.");
    }
    let contact = contact.trim();
    if contact.is_empty() {
        errors.add(
            "contact",
            "Enter the email address or mobile number on the caller's account.",
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Caller {
        postcode: postcode.to_owned(),
        house: house.to_owned(),
        contact: contact.to_owned(),
    })
}

/// A date input and a time field as typed.
#[derive(Debug, Clone, Copy)]
pub struct TypedTime<'a> {
    pub day: &'a str,
    pub month: &'a str,
    pub year: &'a str,
    pub time: &'a str,
}

/// A stay as the caller gives it: the plate and its UK start and end as instants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayTimes {
    pub vrm: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The date input is keyed by `id` (its day field), the time by `{id}-time`; `what` names it
/// in messages ("the stay starts").
fn parse_when(
    typed: TypedTime<'_>,
    id: &str,
    what: &str,
    errors: &mut Errors,
) -> Option<DateTime<Utc>> {
    let date = parse_date(
        typed.day,
        typed.month,
        typed.year,
        &format!("the date {what}"),
    )
    .map_err(|problem| errors.add(id, problem.message))
    .ok();
    let time_id = format!("{id}-time");
    let time = match parse_time(typed.time) {
        Ok(Some(time)) => Some(time),
        Ok(None) => {
            errors.add(&time_id, format!("Enter the time {what}"));
            None
        }
        Err(NotATime) => {
            errors.add(
                &time_id,
                format!("Enter the time {what} as a time of day, like 09:30 or 23:59"),
            );
            None
        }
    };
    Some(from_local(date?.and_time(time?)))
}

/// The VRM (`vrm`), start (`start`, `start-time`) and end (`end`, `end-time`) of a stay. The
/// end is the caller's last minute (23:59 for a whole day) or the end of the stay; the
/// server's rules (ACT-1 to ACT-3) decide whether the council sells it.
pub fn parse_stay(
    vrm: &str,
    start: TypedTime<'_>,
    end: TypedTime<'_>,
) -> Result<StayTimes, Errors> {
    let mut errors = Errors::new();
    let plate = match Vrm::parse(vrm) {
        Ok(plate) => Some(plate),
        Err(_) if vrm.trim().is_empty() => {
            errors.add("vrm", "Enter the vehicle registration.");
            None
        }
        Err(_) => {
            errors.add(
                "vrm",
                "Enter a UK vehicle registration in the correct format, like AB12 CDE.",
            );
            None
        }
    };
    let start = parse_when(start, "start", "the stay starts", &mut errors);
    let end = parse_when(end, "end", "the stay ends", &mut errors);
    if let (Some(start), Some(end)) = (start, end)
        && end <= start
    {
        errors.add("end", "The end of the stay must be after its start.");
    }
    match (plate, start, end) {
        (Some(plate), Some(start), Some(end)) if errors.is_empty() => Ok(StayTimes {
            vrm: plate.as_str().to_owned(),
            start,
            end,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: &'static str, time: &'static str) -> TypedTime<'static> {
        TypedTime {
            day,
            month: "7",
            year: "2026",
            time,
        }
    }

    #[test]
    fn act_6_a_stay_is_typed_in_uk_time_and_sent_as_instants() {
        let stay = parse_stay("ab12 cde", at("2", "08:00"), at("2", "23:59")).expect("parses");
        assert_eq!(stay.vrm, "AB12CDE");
        // July is British Summer Time: 08:00 in the UK is 07:00 UTC.
        assert_eq!(stay.start.to_rfc3339(), "2026-07-02T07:00:00+00:00");
        assert_eq!(stay.end.to_rfc3339(), "2026-07-02T22:59:00+00:00");
    }

    #[test]
    fn act_6_each_mistake_is_by_its_field() {
        let errors = parse_stay("", at("31", "9"), at("", "")).expect_err("mistakes");
        assert_eq!(
            errors.for_field("vrm").as_deref(),
            Some("Enter the vehicle registration.")
        );
        assert_eq!(errors.for_field("start"), None, "31 July is real");
        assert_eq!(
            errors.for_field("end").as_deref(),
            Some("The date the stay ends must include a day")
        );
        assert_eq!(
            errors.for_field("end-time").as_deref(),
            Some("Enter the time the stay ends")
        );
        let backwards = parse_stay("AB12CDE", at("2", "10:00"), at("2", "9am")).expect_err("order");
        assert_eq!(
            backwards.for_field("end").as_deref(),
            Some("The end of the stay must be after its start.")
        );
        assert!(parse_stay("AB12CDE", at("2", "25:00"), at("2", "23:59")).is_err());
    }

    #[test]
    fn act_6_a_caller_gives_postcode_house_and_contact() {
        let caller = parse_caller(" so23 8uj ", " 12 ", " sam@example.org ").expect("all three");
        assert_eq!(caller.house, "12");
        let errors = parse_caller("nowhere", "", "").expect_err("missing");
        assert_eq!(errors.all().len(), 3);
        assert!(errors.for_field("postcode").is_some());
    }
}
