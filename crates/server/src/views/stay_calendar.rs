//! A stay as a calendar file (issue 18): RFC 5545, written with the `icalendar` crate. Times are
//! Europe/London wall-clock times with the zone's `VTIMEZONE`, so a calendar shows 09:00 as
//! 09:00 whichever side of a clock change the stay is; the `UID` is the stay's own id, so a
//! second download (after a cancellation, `STATUS:CANCELLED`) updates the same entry.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, CalendarComponent, CalendarDateTime, Component, EventLike, EventStatus};
use permit_rules::Plate;
use permit_rules::time::{ZONE, from_local, local};
use std::sync::LazyLock;

/// Europe/London since 1996: summer time from 01:00 UTC on the last Sunday of March to 01:00
/// UTC on the last Sunday of October. The crate builds events but has no builder for time
/// zone definitions, so this fixed definition is read by its own parser, once.
const LONDON_VTIMEZONE: &str = "BEGIN:VTIMEZONE\r
TZID:Europe/London\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0000\r
TZOFFSETTO:+0100\r
TZNAME:BST\r
DTSTART:19700329T010000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0000\r
TZNAME:GMT\r
DTSTART:19701025T020000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
";

static LONDON: LazyLock<CalendarComponent> = LazyLock::new(|| {
    let parsed = icalendar::parser::Component::try_from(LONDON_VTIMEZONE)
        .expect("the Europe/London VTIMEZONE is valid iCalendar");
    // A component of any name is the crate's `Other` (not exported by name).
    CalendarComponent::Other(parsed.into())
});

/// What the file says about one stay.
#[derive(Debug, Clone)]
pub struct StayEvent<'a> {
    pub stay_id: &'a str,
    pub plate: &'a Plate,
    pub starts_at: DateTime<Utc>,
    /// Exclusive (a day stay ends at the next local midnight).
    pub ends_at: DateTime<Utc>,
    pub cancelled: bool,
    /// "permit zone C1, Hampshire County Council": where the visitor parks.
    pub place: String,
    /// When the file is made (`DTSTAMP`).
    pub now: DateTime<Utc>,
}

/// A wall-clock time in Europe/London where that names the instant unambiguously; in the hour
/// repeated when the clocks go back, UTC (a reader takes an ambiguous local time as the first
/// of the two).
fn when(instant: DateTime<Utc>) -> CalendarDateTime {
    let wall = local(instant).naive_local();
    if from_local(wall) == instant {
        CalendarDateTime::WithTimezone {
            date_time: wall,
            tzid: ZONE.name().to_owned(),
        }
    } else {
        CalendarDateTime::Utc(instant)
    }
}

/// The `.ics` text for one stay.
pub fn stay_calendar(stay: &StayEvent<'_>) -> String {
    let plate = stay.plate.shown();
    let mut event =
        icalendar::Event::with_uid(&format!("{}@resident-parking-permits", stay.stay_id));
    event
        .timestamp(stay.now)
        .starts(when(stay.starts_at))
        .ends(when(stay.ends_at))
        .summary(&format!("Visitor parking: {plate}"))
        .description(&format!(
            "A visitor parking permit covers {plate} in {}. Show this if asked.",
            stay.place
        ))
        .location(&stay.place)
        // A cancellation is a new version of the same entry.
        .sequence(u32::from(stay.cancelled))
        .status(if stay.cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    let mut calendar = Calendar::new();
    calendar
        .append_property(("PRODID", "-//Resident Parking Permits//Visitor stays//EN"))
        .append_property(("METHOD", "PUBLISH"))
        .push(LONDON.clone())
        .push(event.done());
    calendar.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use ical::parser::ical::component::IcalEvent;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .single()
            .expect("an instant")
    }

    fn parsed(text: &str) -> ical::parser::ical::component::IcalCalendar {
        let mut calendars = ical::IcalParser::new(text.as_bytes());
        let calendar = calendars.next().expect("a calendar").expect("parses");
        assert!(calendars.next().is_none(), "one calendar");
        calendar
    }

    fn property<'a>(event: &'a IcalEvent, name: &str) -> &'a ical::property::Property {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{name} in the event"))
    }

    /// A parsed date-time back to the instant it names: a TZID'd wall time through the zone
    /// the file defines (Europe/London), or UTC.
    fn instant(prop: &ical::property::Property) -> DateTime<Utc> {
        let value = prop.value.as_deref().expect("a value");
        let tzid = prop
            .params
            .iter()
            .flatten()
            .find(|(name, _)| name == "TZID")
            .map(|(_, values)| values.join(","));
        match tzid {
            Some(tzid) => {
                assert_eq!(tzid, "Europe/London");
                let wall = chrono::NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
                    .expect("a local date-time");
                from_local(wall)
            }
            None => chrono::NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ")
                .expect("a UTC date-time")
                .and_utc(),
        }
    }

    fn ics_for(
        stay_id: &str,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        cancelled: bool,
    ) -> String {
        let plate = Plate::parse("ab12cde", false).expect("a plate");
        stay_calendar(&StayEvent {
            stay_id,
            plate: &plate,
            starts_at,
            ends_at,
            cancelled,
            place: "permit zone C1, Hampshire County Council".into(),
            now: at(2026, 10, 1, 12, 0),
        })
    }

    #[test]
    fn act2_a_day_stay_over_the_clock_change_keeps_its_local_times() {
        // Sunday 25 October 2026, the last Sunday of October: the clocks go back at 02:00 BST,
        // so the day from local midnight to the next is 25 hours long.
        let start = at(2026, 10, 24, 23, 0); // 00:00 BST
        let end = at(2026, 10, 26, 0, 0); // 00:00 GMT on Monday
        let text = ics_for("stay_abc", start, end, false);
        let calendar = parsed(&text);
        assert_eq!(calendar.timezones.len(), 1, "one VTIMEZONE");
        let zone = &calendar.timezones[0];
        let tzid = zone.properties.iter().find(|p| p.name == "TZID");
        assert_eq!(tzid.and_then(|p| p.value.as_deref()), Some("Europe/London"));
        assert_eq!(zone.transitions.len(), 2, "summer and winter time");
        let [event] = calendar.events.as_slice() else {
            panic!("one event");
        };
        let dtstart = property(event, "DTSTART");
        let dtend = property(event, "DTEND");
        assert_eq!(dtstart.value.as_deref(), Some("20261025T000000"));
        assert_eq!(dtend.value.as_deref(), Some("20261026T000000"));
        assert_eq!(instant(dtstart), start);
        assert_eq!(instant(dtend), end);
        assert_eq!((instant(dtend) - instant(dtstart)).num_hours(), 25);
        assert_eq!(
            property(event, "UID").value.as_deref(),
            Some("stay_abc@resident-parking-permits")
        );
        assert_eq!(
            property(event, "STATUS").value.as_deref(),
            Some("CONFIRMED")
        );
        let summary = property(event, "SUMMARY").value.clone().unwrap_or_default();
        assert_eq!(summary, "Visitor parking: AB12 CDE");
    }

    #[test]
    fn act2_a_stay_in_the_repeated_hour_is_written_in_utc() {
        // 01:30 GMT on 25 October 2026 is the second 01:30 that day: a TZID'd 01:30 would be
        // read as the first (BST), an hour early.
        let start = at(2026, 10, 25, 1, 30);
        let end = at(2026, 10, 25, 4, 30);
        let calendar = parsed(&ics_for("stay_late", start, end, false));
        let event = &calendar.events[0];
        assert_eq!(
            property(event, "DTSTART").value.as_deref(),
            Some("20261025T013000Z")
        );
        assert_eq!(instant(property(event, "DTSTART")), start);
        assert_eq!(instant(property(event, "DTEND")), end);
        // A summer afternoon is a wall-clock BST time.
        let summer = parsed(&ics_for(
            "stay_summer",
            at(2026, 7, 1, 13, 0),
            at(2026, 7, 1, 16, 0),
            false,
        ));
        let dtstart = property(&summer.events[0], "DTSTART");
        assert_eq!(dtstart.value.as_deref(), Some("20260701T140000"));
    }

    #[test]
    fn act7_a_cancelled_stay_exports_as_cancelled_with_the_same_uid() {
        let start = at(2026, 12, 1, 9, 0);
        let end = at(2026, 12, 2, 0, 0);
        let booked = parsed(&ics_for("stay_x", start, end, false));
        let cancelled = parsed(&ics_for("stay_x", start, end, true));
        let uid = |c: &ical::parser::ical::component::IcalCalendar| {
            property(&c.events[0], "UID").value.clone()
        };
        assert_eq!(uid(&booked), uid(&cancelled), "the UID is stable per stay");
        assert_eq!(
            property(&cancelled.events[0], "STATUS").value.as_deref(),
            Some("CANCELLED")
        );
        assert_eq!(
            property(&cancelled.events[0], "SEQUENCE").value.as_deref(),
            Some("1")
        );
        assert_eq!(
            property(&booked.events[0], "SEQUENCE").value.as_deref(),
            Some("0")
        );
    }
}
