//! Instants in the server's answers, read as RFC 3339 (`2026-12-01T10:15:00Z`) with chrono's
//! RFC 3339 parser, for `#[serde(deserialize_with = ...)]`.
//!
//! chrono's own `Deserialize` for `DateTime<Utc>` reads a relaxed superset of RFC 3339 (unpadded
//! numbers, signed years, a `UTC` suffix) through its general format-item parser: about 5 KB of
//! the residents' gzipped wasm (BENCHMARKS.md), for text that only ever comes from chrono's
//! `Serialize`, which writes RFC 3339. So the types the browser builds read (answers, and the
//! offline copy) use this; the requests the server reads keep chrono's reader, so what the API
//! accepts is unchanged.

use chrono::{DateTime, Utc};
use serde::de::{Deserializer, Error, Visitor};
use std::fmt;

struct Rfc3339;

impl Visitor<'_> for Rfc3339 {
    type Value = DateTime<Utc>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<Self::Value, E> {
        DateTime::parse_from_rfc3339(text)
            .map(|at| at.with_timezone(&Utc))
            .map_err(E::custom)
    }
}

/// An RFC 3339 instant (any offset, as UTC).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(Rfc3339)
}

/// An RFC 3339 instant or `null`; with `#[serde(default)]`, also a missing field.
pub fn option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    struct Maybe;
    impl<'de> Visitor<'de> for Maybe {
        type Value = Option<DateTime<Utc>>;

        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("an RFC 3339 formatted date and time string or null")
        }

        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            deserialize(inner).map(Some)
        }
    }
    deserializer.deserialize_option(Maybe)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct At {
        #[serde(deserialize_with = "super::deserialize")]
        at: DateTime<Utc>,
        #[serde(default, deserialize_with = "super::option")]
        until: Option<DateTime<Utc>>,
    }

    fn read(json: &str) -> Result<At, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn reads_what_chrono_writes_as_chrono_reads_it() {
        for at in [
            Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 59).single(),
            Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).single(),
            Utc.timestamp_millis_opt(1_796_000_123_456).single(),
            Utc.timestamp_opt(1_796_000_000, 1).single(),
        ] {
            let at = at.expect("an instant");
            let written = serde_json::to_string(&at).expect("chrono writes it");
            let both = read(&format!(r#"{{"at":{written},"until":{written}}}"#))
                .expect("reads chrono's own output");
            assert_eq!((both.at, both.until), (at, Some(at)), "{written}");
            let chrono: DateTime<Utc> = serde_json::from_str(&written).expect("chrono reads it");
            assert_eq!(chrono, at);
        }
    }

    #[test]
    fn offsets_are_read_as_utc() {
        let summer = read(r#"{"at":"2026-07-01T10:15:00+01:00"}"#).expect("offset");
        assert_eq!(
            summer.at,
            Utc.with_ymd_and_hms(2026, 7, 1, 9, 15, 0)
                .single()
                .expect("an instant")
        );
        let fraction = read(r#"{"at":"2026-07-01T09:15:00.5+00:00"}"#).expect("to_rfc3339");
        assert_eq!(fraction.at.timestamp_subsec_millis(), 500);
    }

    #[test]
    fn null_and_missing_are_none() {
        let null = read(r#"{"at":"2026-07-01T10:15:00Z","until":null}"#).expect("null");
        assert_eq!(null.until, None);
        let missing = read(r#"{"at":"2026-07-01T10:15:00Z"}"#).expect("missing");
        assert_eq!(missing.until, None);
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            r#""2026-07-01""#,
            r#""2026-07-01T10:15:00""#,
            r#""2026-02-30T10:15:00Z""#,
            r#""tomorrow""#,
            "17",
            "null",
        ] {
            assert!(read(&format!(r#"{{"at":{bad}}}"#)).is_err(), "{bad}");
        }
    }
}
