//! What the unit tests share: a council's scheme from the embedded files, and one instant.

use chrono::{DateTime, Utc};
use permit_rules::{CouncilId, Scheme};

pub(crate) fn scheme(id: &str) -> Scheme {
    let id = CouncilId::parse(id).expect("council id");
    crate::councils::find(&id).cloned().expect("council file")
}

/// Monday 30 November 2026, 10:00 GMT.
pub(crate) fn now() -> DateTime<Utc> {
    "2026-11-30T10:00:00Z".parse().expect("instant")
}
