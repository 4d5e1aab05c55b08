//! Issue 15 is done when crates/server/README.md "lists every limit with its number". The
//! README's tables name each limit's constant (`Set in`); this reads every row that names one
//! and fails when the number in the row is not the constant's, and when a rate limit declared
//! in `limits.rs` has no row at all. A limit changed in the code cannot leave the README wrong.

use super::*;
use crate::config::HttpLimits;
use crate::{auth, channel_settings, commerce, delivery, jobs, phone, routes, texting, upload};

const README: &str = include_str!("../../README.md");
const LIMITS_SOURCE: &str = include_str!("../limits.rs");

/// A duration as the README writes it: "15 minutes", "24 hours", "7 days", "1 hour".
fn span(secs: i64) -> String {
    const DAY: i64 = 86_400;
    let (n, unit) = if secs % DAY == 0 && secs >= 2 * DAY {
        (secs / DAY, "day")
    } else if secs % 3600 == 0 {
        (secs / 3600, "hour")
    } else if secs % 60 == 0 {
        (secs / 60, "minute")
    } else {
        (secs, "second")
    };
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

fn std_span(duration: std::time::Duration) -> String {
    span(i64::try_from(duration.as_secs()).expect("a short duration"))
}

/// "5 an hour", "300 a minute", "10 in 15 minutes".
fn per_window(max: i64, window: Duration) -> String {
    match window.num_seconds() {
        3600 => format!("{max} an hour"),
        60 => format!("{max} a minute"),
        secs => format!("{max} in {}", span(secs)),
    }
}

fn bytes(n: i64) -> String {
    const MIB: i64 = 1024 * 1024;
    if n % MIB == 0 {
        format!("{} MiB", n / MIB)
    } else {
        format!("{} KiB", n / 1024)
    }
}

/// Every rate limit `limits.rs` declares, by name.
fn declared_limits() -> Vec<&'static str> {
    LIMITS_SOURCE
        .lines()
        .filter_map(|line| line.strip_prefix("pub const "))
        .filter_map(|rest| rest.strip_suffix(": Limit = Limit {"))
        .collect()
}

/// The rows naming `constant` in backticks, of the README tables with a "Set in" column
/// (other tables and prose may name a constant while explaining something else).
fn rows_naming(constant: &str) -> Vec<&'static str> {
    let marker = format!("`{constant}`");
    let mut rows = Vec::new();
    let mut in_limits_table = false;
    let mut previous_was_row = false;
    for line in README.lines() {
        let is_row = line.starts_with('|');
        if is_row && !previous_was_row {
            in_limits_table = line.contains("| Set in |");
        }
        if is_row && in_limits_table && line.contains(&marker) {
            rows.push(line);
        }
        previous_was_row = is_row;
    }
    rows
}

#[test]
fn the_readme_gives_every_limit_the_number_the_code_sets() {
    let rate_limits = [
        ("PIN_REQUESTS_PER_CONTACT", PIN_REQUESTS_PER_CONTACT),
        ("PIN_REQUESTS_PER_IP", PIN_REQUESTS_PER_IP),
        ("PIN_REQUESTS_OVERALL", PIN_REQUESTS_OVERALL),
        ("WRONG_PINS_PER_IP", WRONG_PINS_PER_IP),
        ("STAFF_CODE_REQUESTS", STAFF_CODE_REQUESTS),
        ("STAFF_WRONG_CODES", STAFF_WRONG_CODES),
        ("CONTACT_CODES_PER_ACCOUNT", CONTACT_CODES_PER_ACCOUNT),
        ("CONTACT_CODES_PER_CONTACT", CONTACT_CODES_PER_CONTACT),
        ("CONTACT_WRONG_CODES", CONTACT_WRONG_CODES),
        ("COUNCIL_TAX_PER_PROPERTY", COUNCIL_TAX_PER_PROPERTY),
        ("COUNCIL_TAX_PER_IP", COUNCIL_TAX_PER_IP),
        ("OPERATOR_WRONG_TOKENS", OPERATOR_WRONG_TOKENS),
        ("UNKNOWN_RETURN_TOKENS_PER_IP", UNKNOWN_RETURN_TOKENS_PER_IP),
        ("PROVIDER_READS_PER_ORDER", PROVIDER_READS_PER_ORDER),
    ];
    let mut listed: Vec<&str> = rate_limits.iter().map(|(name, _)| *name).collect();
    let mut declared = declared_limits();
    listed.sort_unstable();
    declared.sort_unstable();
    assert_eq!(
        listed, declared,
        "a rate limit in limits.rs is not checked here"
    );

    let http = HttpLimits::default();
    let mut expected: Vec<(String, String)> = rate_limits
        .iter()
        .map(|(name, limit)| {
            (
                format!("limits::{name}"),
                per_window(limit.max, limit.window),
            )
        })
        .collect();
    let others = [
        (
            "auth::MAX_WRONG_PINS",
            per_window(auth::MAX_WRONG_PINS, auth::WRONG_PIN_WINDOW),
        ),
        (
            "config::HttpLimits::header_read_timeout",
            std_span(http.header_read_timeout),
        ),
        (
            "config::HttpLimits::request_timeout",
            std_span(http.request_timeout),
        ),
        (
            "config::HttpLimits::max_concurrent_requests",
            http.max_concurrent_requests.to_string(),
        ),
        (
            "routes::JSON_BODY_LIMIT",
            bytes(routes::JSON_BODY_LIMIT as i64),
        ),
        (
            "upload::MAX_UPLOAD_BYTES",
            bytes(upload::MAX_UPLOAD_BYTES as i64),
        ),
        (
            "upload::MAX_STORED_BYTES_PER_RESIDENT",
            bytes(upload::MAX_STORED_BYTES_PER_RESIDENT),
        ),
        ("limits::MAX_PAGE", MAX_PAGE.to_string()),
        ("auth::IDLE_TIMEOUT", span(auth::IDLE_TIMEOUT.num_seconds())),
        (
            "auth::ABSOLUTE_LIFETIME",
            span(auth::ABSOLUTE_LIFETIME.num_seconds()),
        ),
        (
            "auth::COOKIE_IDLE_TIMEOUT",
            span(auth::COOKIE_IDLE_TIMEOUT.num_seconds()),
        ),
        (
            "auth::COOKIE_LIFETIME",
            span(auth::COOKIE_LIFETIME.num_seconds()),
        ),
        (
            "auth::MAX_SESSIONS_PER_ACCOUNT",
            auth::MAX_SESSIONS_PER_ACCOUNT.to_string(),
        ),
        ("auth::PIN_LIFETIME", span(auth::PIN_LIFETIME.num_seconds())),
        (
            "auth::recent_use::WRITE_THROUGH_AFTER",
            span(auth::recent_use::WRITE_THROUGH_AFTER.num_seconds()),
        ),
        (
            "auth::recent_use::FLUSH_EVERY",
            std_span(auth::recent_use::FLUSH_EVERY),
        ),
        (
            "phone::CALL_LIFETIME",
            span(phone::CALL_LIFETIME.num_seconds()),
        ),
        (
            "permit_rules::MAX_SAVED_VEHICLES",
            permit_rules::MAX_SAVED_VEHICLES.to_string(),
        ),
        (
            "permit_rules::MAX_NICKNAME_CHARS",
            format!("{} characters", permit_rules::MAX_NICKNAME_CHARS),
        ),
        (
            "texting::SIGNATURE_WINDOW",
            span(texting::SIGNATURE_WINDOW.num_seconds()),
        ),
        (
            "channel_settings::MIN_SMS_WEBHOOK_KEY_BYTES",
            format!(
                "at least {} bytes",
                channel_settings::MIN_SMS_WEBHOOK_KEY_BYTES
            ),
        ),
        (
            "delivery::worker::LEASE",
            span(delivery::worker::LEASE.num_seconds()),
        ),
        (
            "delivery::worker::MAX_ATTEMPTS",
            delivery::worker::MAX_ATTEMPTS.to_string(),
        ),
        (
            "delivery::worker::backoff",
            format!(
                "{} doubling to {}",
                span(delivery::worker::backoff(1).num_seconds()),
                span(delivery::worker::backoff(delivery::worker::MAX_ATTEMPTS).num_seconds())
            ),
        ),
        (
            "delivery::govuk_notify::DEFAULT_TIMEOUT",
            std_span(delivery::govuk_notify::DEFAULT_TIMEOUT),
        ),
        (
            "payments::govuk_pay::DEFAULT_TIMEOUT",
            std_span(crate::payments::govuk_pay::DEFAULT_TIMEOUT),
        ),
        (
            "commerce::ORDER_EXPIRY",
            span(commerce::ORDER_EXPIRY.num_seconds()),
        ),
        ("jobs::LEASE", span(jobs::LEASE.num_seconds())),
        (
            "jobs::EXPIRY_WARNINGS_PER_RUN",
            jobs::EXPIRY_WARNINGS_PER_RUN.to_string(),
        ),
    ];
    expected.extend(others.map(|(name, text)| (name.to_owned(), text)));

    for (constant, number) in &expected {
        let rows = rows_naming(constant);
        assert!(!rows.is_empty(), "no README table row names `{constant}`");
        for row in rows {
            // The number is a cell of its own, maybe followed by a remark: "512 (more wait
            // their turn)", "10 in 15 minutes (lockout)".
            assert!(
                row.split('|')
                    .any(|cell| cell.trim().starts_with(number.as_str())),
                "`{constant}` is {number} in the code, not in the README row:\n{row}"
            );
        }
    }
}

#[test]
fn durations_and_sizes_read_as_the_readme_writes_them() {
    assert_eq!(per_window(5, Duration::hours(1)), "5 an hour");
    assert_eq!(per_window(300, Duration::minutes(1)), "300 a minute");
    assert_eq!(per_window(10, Duration::minutes(15)), "10 in 15 minutes");
    assert_eq!(per_window(5, Duration::hours(24)), "5 in 24 hours");
    assert_eq!(span(7 * 86_400), "7 days");
    assert_eq!(span(90 * 60), "90 minutes");
    assert_eq!(span(3600), "1 hour");
    assert_eq!(span(50), "50 seconds");
    assert_eq!(bytes(64 * 1024), "64 KiB");
    assert_eq!(bytes(25 * 1024 * 1024), "25 MiB");
}
