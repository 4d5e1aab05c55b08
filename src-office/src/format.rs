//! Words and numbers the pages show, as plain functions tested on the host.

use chrono::{DateTime, Utc};

/// How long an item has waited, and where it stands against its due time: "3 h 20 min",
/// "overdue by 2 h 5 min" or "due in 20 h 40 min".
pub fn age(submitted: DateTime<Utc>, now: DateTime<Utc>) -> String {
    duration((now - submitted).num_minutes())
}

/// Against the council's target (REG-3: Cambridgeshire aims for 24 hours).
pub fn due(due_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (due_at - now).num_minutes();
    if now > due_at {
        format!("Overdue by {}", duration(-minutes))
    } else {
        format!("Due in {}", duration(minutes))
    }
}

fn duration(minutes: i64) -> String {
    let minutes = minutes.max(0);
    let (days, hours, mins) = (minutes / 1440, (minutes / 60) % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins} min"),
        (0, _) => format!("{hours} h {mins} min"),
        _ => format!("{days} d {hours} h"),
    }
}

/// A queue item's kind, in officers' words.
pub fn kind_label(kind: &str, evidence: bool) -> &'static str {
    match kind {
        "registration" => "Registration",
        "purchase" if evidence => "Evidence",
        "purchase" => "Purchase",
        "vehicle_change" => "Vehicle change",
        "change_of_address" => "Change of address",
        "new_zone_permit" => "New-zone permit",
        _ => "Other",
    }
}

/// The role as the header shows it.
pub fn role_label(role: &str) -> &'static str {
    match role {
        "officer" => "Officer",
        "agent" => "Phone agent",
        "admin" => "Admin",
        _ => "Staff",
    }
}

/// "Page 2 of 5", from a page's start, its size and the total (at least "page 1 of 1").
pub fn page_of(offset: u32, size: u32, total: u32) -> String {
    let size = size.max(1);
    let pages = total.div_ceil(size).max(1);
    format!("Page {} of {pages}", offset / size + 1)
}

/// A time in the UK, as staff read it: "Tue 3 Mar 2026, 14:05" (UTC; the server's clock).
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%a %-d %b %Y, %H:%M UTC").to_string()
}

/// The page's `<title>`, GOV.UK style.
pub fn titled(page: &str) -> String {
    format!("{page} - Council back office")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default()
    }

    #[test]
    fn reg_3_an_item_says_how_long_it_has_waited_and_how_late_it_is() {
        let now = t0() + Duration::minutes(25 * 60 + 5);
        assert_eq!(age(t0(), now), "1 d 1 h");
        assert_eq!(due(t0() + Duration::hours(24), now), "Overdue by 1 h 5 min");
        assert_eq!(due(t0() + Duration::hours(48), now), "Due in 22 h 55 min");
        assert_eq!(age(t0(), t0() + Duration::minutes(7)), "7 min");
    }

    #[test]
    fn pages_count_from_one() {
        assert_eq!(page_of(0, 20, 0), "Page 1 of 1");
        assert_eq!(page_of(20, 20, 41), "Page 2 of 3");
    }

    #[test]
    fn avp_1_an_evidence_purchase_is_named_so() {
        assert_eq!(kind_label("purchase", true), "Evidence");
        assert_eq!(kind_label("purchase", false), "Purchase");
        assert_eq!(role_label("agent"), "Phone agent");
    }
}
