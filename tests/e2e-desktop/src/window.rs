//! The real app in a real window (Xvfb), through its WebDriver session: opening one starts the
//! app, closing it quits the app. The page helpers are tests/support's; screenshots are of the
//! whole X screen, as a person sees the window.

use crate::TauriDriver;
use permit_test_support::webdriver::{Camera, Page};
use serde_json::json;
use std::ops::Deref;
use std::time::Duration;

/// How long a wait for something in the window may take before the test fails (the app
/// starts a webview and a WebAssembly UI: slow on a busy 2-core machine).
const PATIENCE: Duration = Duration::from_secs(60);

/// One run of the app, through its WebDriver session.
#[derive(Debug)]
pub struct AppWindow {
    page: Page,
}

impl AppWindow {
    /// Starts the app and connects once tauri-driver listens (it starts in the background).
    pub async fn launch(driver: &TauriDriver) -> Self {
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": driver.app.display().to_string() }),
        );
        let camera = Camera::Screen {
            prefix: "desktop".into(),
        };
        Self {
            page: Page::connect(driver.url(), capabilities, PATIENCE, camera).await,
        }
    }

    /// Today plus `days` in London (the machine's clock, which the app and server share).
    /// Not from the webview's Intl: WebKitGTK's formats differ from Chromium's.
    pub fn london_date(&self, days: u64) -> chrono::NaiveDate {
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::London)
            .date_naive()
            .checked_add_days(chrono::Days::new(days))
            .expect("a date")
    }

    /// Quits the app (ending the session closes its window).
    pub async fn quit(self) {
        self.page.close().await.expect("the app quits");
    }
}

impl Deref for AppWindow {
    type Target = Page;

    fn deref(&self) -> &Page {
        &self.page
    }
}
