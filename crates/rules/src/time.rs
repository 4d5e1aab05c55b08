//! Local time in Europe/London. Every window, day end and date shown to people is judged
//! here, so the server and the UI agree (docs/rules.md, "How the time rules are read").

use chrono::{
    DateTime, Datelike, Duration, LocalResult, Months, NaiveDate, NaiveDateTime, TimeZone,
    Timelike, Utc, Weekday,
};
use chrono_tz::{Europe::London, Tz};

/// The one time zone the councils work in.
pub const ZONE: Tz = London;

/// The local wall-clock time of an instant.
pub fn local(instant: DateTime<Utc>) -> DateTime<Tz> {
    instant.with_timezone(&ZONE)
}

/// The local calendar date of an instant.
pub fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    local(instant).date_naive()
}

/// The instant a local wall-clock time happens. A time that the clocks skip (spring forward)
/// maps to the first instant after the gap; a repeated one (autumn) to its first occurrence.
pub fn from_local(wall: NaiveDateTime) -> DateTime<Utc> {
    match ZONE.from_local_datetime(&wall) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
        LocalResult::None => {
            // Walk forward to the end of the gap (never more than a couple of hours).
            let mut probe = wall;
            loop {
                probe += Duration::minutes(1);
                if let Some(at) = ZONE.from_local_datetime(&probe).earliest() {
                    return at.with_timezone(&Utc);
                }
            }
        }
    }
}

/// The instant a local calendar day begins (local midnight).
pub fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    from_local(date.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// The instant a local calendar day ends: the next local midnight, exclusive (shown as 23:59).
pub fn end_of_day(date: NaiveDate) -> DateTime<Utc> {
    start_of_day(date.succ_opt().unwrap_or(date))
}

/// The next local midnight after an instant: where a day permit's stay ends (ACT-2).
pub fn next_midnight(instant: DateTime<Utc>) -> DateTime<Utc> {
    end_of_day(local_date(instant))
}

/// A date plus whole calendar months. A day the target month lacks becomes its last day, so
/// 29 February plus 12 months is 28 February (docs/rules.md, VP-2 / VP-3).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// A date minus whole calendar months, clamped the same way as [`add_months`].
pub fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

// Dates and times are written by hand here, not with chrono's `format("%A %-d %B")`: its
// strftime reader and writer were about 20 KB of the residents' web build (BENCHMARKS.md), for
// the four patterns below. A test checks each against chrono's own output.

/// "Saturday": a weekday's English name (chrono's `%A`).
pub fn weekday_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// "December": a month's English name (chrono's `%B`), from its number 1 to 12.
fn month_name(month: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    MONTHS[(month as usize + 11) % 12]
}

/// "14:30": a wall-clock time to the minute (chrono's `%H:%M`).
pub fn clock_time(time: &impl Timelike) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "Saturday 5 December": a date without its year (chrono's `%A %-d %B`).
pub fn day_and_month(date: &impl Datelike) -> String {
    format!(
        "{} {} {}",
        weekday_name(date.weekday()),
        date.day(),
        month_name(date.month())
    )
}

/// "5 December 2026", the year as chrono's `%Y` writes it (signed, 4 digits at least, beyond
/// 0 to 9999).
fn day_month_year(date: &impl Datelike) -> String {
    let year = date.year();
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{year:+05}")
    };
    format!("{} {} {year}", date.day(), month_name(date.month()))
}

/// "1 December 2026": a date as the councils write it.
pub fn display_date(date: NaiveDate) -> String {
    day_month_year(&date)
}

/// "14:30 on Saturday 6 December 2026": an instant in local time.
pub fn display_instant(instant: DateTime<Utc>) -> String {
    let wall = local(instant);
    format!(
        "{} on {} {}",
        clock_time(&wall),
        weekday_name(wall.weekday()),
        day_month_year(&wall)
    )
}

/// An exclusive end as people read it: a stay ending at local midnight is shown as "23:59" on
/// the day before (ACT-2), any other end as it is.
pub fn display_end(end: DateTime<Utc>) -> String {
    let wall = local(end);
    if wall.time() == chrono::NaiveTime::MIN {
        let last_minute = end - Duration::minutes(1);
        return display_instant(last_minute);
    }
    display_instant(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn midnight_is_local_in_summer_and_winter() {
        // BST: local midnight is 23:00 UTC the evening before.
        assert_eq!(
            start_of_day(date(2026, 7, 1)).to_rfc3339(),
            "2026-06-30T23:00:00+00:00"
        );
        assert_eq!(
            start_of_day(date(2026, 12, 1)).to_rfc3339(),
            "2026-12-01T00:00:00+00:00"
        );
    }

    #[test]
    fn spring_forward_day_is_23_hours_and_autumn_back_is_25() {
        let spring = date(2026, 3, 29);
        let autumn = date(2026, 10, 25);
        assert_eq!(
            end_of_day(spring) - start_of_day(spring),
            Duration::hours(23)
        );
        assert_eq!(
            end_of_day(autumn) - start_of_day(autumn),
            Duration::hours(25)
        );
    }

    #[test]
    fn skipped_wall_time_maps_to_end_of_gap() {
        let skipped = date(2026, 3, 29).and_hms_opt(1, 30, 0).expect("valid time");
        assert_eq!(
            from_local(skipped).to_rfc3339(),
            "2026-03-29T01:00:00+00:00"
        );
    }

    #[test]
    fn leap_day_plus_a_year_is_28_february() {
        assert_eq!(add_months(date(2028, 2, 29), 12), date(2029, 2, 28));
        assert_eq!(add_months(date(2026, 1, 31), 1), date(2026, 2, 28));
    }

    #[test]
    fn dates_and_times_read_as_chrono_writes_them() {
        // Every day of four years (a leap year among them), each at a different minute, and
        // years that need chrono's zero padding or sign.
        let mut day = date(2025, 1, 1);
        let mut minute = 0;
        while day < date(2029, 1, 1) {
            let instant = start_of_day(day) + Duration::minutes(minute % 1440);
            let wall = local(instant);
            assert_eq!(display_date(day), day.format("%-d %B %Y").to_string());
            assert_eq!(day_and_month(&day), day.format("%A %-d %B").to_string());
            assert_eq!(weekday_name(day.weekday()), day.format("%A").to_string());
            assert_eq!(clock_time(&wall), wall.format("%H:%M").to_string());
            assert_eq!(
                display_instant(instant),
                wall.format("%H:%M on %A %-d %B %Y").to_string()
            );
            day = day.succ_opt().expect("next day");
            minute += 37;
        }
        for year in [-44, 0, 7, 999, 9999, 10000, 262000] {
            let day = date(year, 3, 15);
            assert_eq!(display_date(day), day.format("%-d %B %Y").to_string());
        }
    }

    #[test]
    fn midnight_end_is_shown_as_2359_the_day_before() {
        let end = end_of_day(date(2026, 12, 6));
        assert_eq!(display_end(end), "23:59 on Sunday 6 December 2026");
    }
}
