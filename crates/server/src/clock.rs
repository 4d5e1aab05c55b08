//! The service's one source of "now". Handlers, storage and scheduled jobs read
//! `AppState::clock`; only [`SystemClock`] touches the system time.

use chrono::{DateTime, Utc};
pub use permit_rules::clock::{Clock, ManualClock};

/// The real clock, used unless the server runs with a test clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}
