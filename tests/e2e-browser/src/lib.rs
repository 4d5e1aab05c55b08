//! The harness for the browser tests: the real backend with the release web build on one
//! origin ([`server`]), headless Chromium through chromedriver ([`browser`]), and residents
//! registered through the API with their PIN read from the test-mode outbox ([`resident`]).

pub mod browser;
pub mod resident;
pub mod server;

pub use browser::{Browser, Chromedriver, Size};
pub use server::TestServer;

use std::path::PathBuf;

/// The workspace root (this crate lives at tests/e2e-browser).
pub fn workspace_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}
