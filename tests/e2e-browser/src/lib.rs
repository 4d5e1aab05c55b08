//! The harness for the browser tests: the real backend with the release web build on one
//! origin ([`server`]), headless Chromium through chromedriver ([`browser`], on the shared
//! WebDriver page of tests/support), and sessions made through the API ([`resident`]).

pub mod a11y;
pub mod browser;
pub mod device;
pub mod office;
pub mod resident;
pub mod server;

pub use browser::{Browser, Chromedriver, Size};
pub use permit_test_support::{Property, TestServer, property};

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
    let token = resident::session_token(&server, council, email).await;
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

impl LoggedIn {
    /// The council approves this resident's newest purchase (VP-6, RP-2: reviewed councils).
    pub async fn approve_newest_purchase(&self) {
        resident::approve_newest_purchase(&self.server, &self.token).await;
    }

    /// The test clock moved `days` on. The session has long ended by then, so the resident
    /// (`email` at `council`) logs in again in the same browser.
    pub async fn days_later(&self, days: i64, council: &str, email: &str) {
        self.server
            .client
            .advance_clock(days * 24 * 3600)
            .await
            .expect("clock");
        let token = resident::new_session(&self.server, council, email).await;
        self.browser.log_in_with(&token).await;
    }

    /// Buys one bundle of visitor permits for this resident through the API.
    pub async fn buy_visitor_bundle(&self) {
        resident::buy_visitor_bundle(&self.server, &self.token).await;
    }
}

/// From an open renewal's "Check your answers" (RP-4, AVP-3): continues to the sandbox's
/// hosted payment page and pays with `card` (issue 16: no card field in the app).
pub async fn renew_on_payment_page(browser: &Browser, card: &str) {
    browser
        .text_containing("main h1", "Check your answers before paying")
        .await;
    browser.click("#pay").await;
    browser.pay_on_hosted_page(card).await;
}

/// On Activate: books the vehicle typed as `typed` for tomorrow at 09:00, saving it (the
/// default), and waits for the confirmation naming `shown` (the plate as printed).
pub async fn book_tomorrow_at_nine(browser: &Browser, typed: &str, shown: &str) {
    browser.find("#save_vehicle:checked").await;
    browser.fill("#vrm", typed).await;
    browser.click("#start-tomorrow").await;
    browser.fill("#start_time", "09:00").await;
    browser.click("#activate-submit").await;
    browser
        .text_containing(
            "#stay-confirmation",
            &format!("{shown} can park from 09:00"),
        )
        .await;
}
