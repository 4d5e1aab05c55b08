use chrono::{DateTime, NaiveDateTime, Utc};
use permit_rules::time::from_local;
use permit_rules::{PastPurchase, PermitType, Scheme};
use std::path::PathBuf;

pub(crate) fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

pub(crate) fn scheme(id: &str) -> Scheme {
    let path = repo_path(&format!("assets/councils/{id}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Scheme::from_toml(&text).unwrap_or_else(|e| panic!("{id}: {e}"))
}

/// A Europe/London wall-clock time, "2026-03-29 00:30" or "2026-03-29 00:30:59".
pub(crate) fn london(wall: &str) -> DateTime<Utc> {
    let parsed = NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(wall, "%Y-%m-%d %H:%M"))
        .unwrap_or_else(|e| panic!("{wall}: {e}"));
    from_local(parsed)
}

pub(crate) fn permit_type(id: &str) -> PermitType {
    PermitType::parse(id).expect("valid permit type")
}

pub(crate) fn bought(id: &str, permits: u32, at: DateTime<Utc>) -> PastPurchase {
    PastPurchase {
        permit_type: permit_type(id),
        permits,
        at,
    }
}
