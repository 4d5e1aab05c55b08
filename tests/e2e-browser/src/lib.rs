//! The harness for the browser tests: the real backend with the release web build on one
//! origin ([`server`]), headless Chromium through chromedriver ([`browser`]), and residents
//! registered through the API with their PIN read from the test-mode outbox ([`resident`]).

pub mod browser;
pub mod resident;
pub mod server;

pub use browser::{Browser, Chromedriver, Size};
pub use server::TestServer;

use std::path::PathBuf;

/// A resident registered and logged in at a council, in a fresh browser of one size.
#[derive(Debug)]
pub struct LoggedIn {
    pub server: TestServer,
    pub browser: Browser,
    /// The session the browser uses, for the API calls a test makes as this resident.
    pub token: String,
    // Kept until the test ends: the browser session lives in this chromedriver.
    _driver: Chromedriver,
}

/// Registers `email` at `council` through the API and opens the app logged in, on its menu.
pub async fn logged_in(council: &str, email: &str, size: Size) -> LoggedIn {
    let server = server::spawn_server().await;
    let token = server.session_token(council, email).await;
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, size).await;
    browser.log_in_with(&token).await;
    LoggedIn {
        server,
        browser,
        token,
        _driver: driver,
    }
}

/// The workspace root (this crate lives at tests/e2e-browser).
pub fn workspace_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}
