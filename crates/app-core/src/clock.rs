//! The real clock for the app. Logic takes a `permit_rules::clock::Clock` so tests fix "now"
//! (the last-sync time shown offline is then exact).

use chrono::{DateTime, Utc};
use permit_rules::clock::Clock;

/// The device's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
