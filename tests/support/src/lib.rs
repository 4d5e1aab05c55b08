//! The test harness every suite shares, written once: a real server on port 0 with a database
//! of its own ([`server`], or [`stoppable`] for one that goes away and comes back, or [`process`] for the
//! binary as child processes, several on one database), residents
//! registered and logged in through the API ([`resident`]) with their PINs read from the
//! test-mode outbox ([`outbox`]), purchases paid on the sandbox's hosted page ([`payment`]), the check of a refusal's `{code, message, field}`
//! ([`refused`]), with the `webdriver` feature one page type for Chromium and the desktop
//! app's WebKit ([`webdriver`]), and with the `channels` feature a real SMTP server
//! ([`smtp`]) and a fake GOV.UK Notify ([`fake_notify`]) on loopback.

pub mod database;
#[cfg(feature = "channels")]
pub mod fake_notify;
pub mod household;
pub mod outbox;
pub mod payment;
pub mod pg_round_trips;
pub mod process;
pub mod refused;
pub mod resident;
pub mod server;
#[cfg(feature = "channels")]
pub mod smtp;
pub mod stoppable;
#[cfg(feature = "webdriver")]
pub mod webdriver;

pub use database::TestDatabase;
pub use payment::PaysOnSandbox;
pub use process::ServerProcess;
pub use refused::assert_refused;
pub use resident::{Property, property, registration};
pub use server::{Options, TestServer, enforcement_key, enforcement_keys};
pub use stoppable::StoppableServer;

use std::path::PathBuf;

/// A path in the workspace (this crate lives at tests/support).
pub fn workspace_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

/// `$CARGO_TARGET_DIR/screenshots`, else target/screenshots in the workspace.
pub fn screenshot_dir() -> PathBuf {
    match std::env::var("CARGO_TARGET_DIR") {
        Ok(dir) if !dir.is_empty() => PathBuf::from(dir).join("screenshots"),
        _ => workspace_path("target/screenshots"),
    }
}
