//! Headless Debian Chromium through chromedriver, with the flags known to work here
//! (Debian packages chromium and chromium-driver), at a desktop (1280x800) or phone (390x844) size.

use permit_test_support::webdriver::{Camera, Driver, Page, free_port};
use serde_json::{Value, json};
use std::ops::Deref;
use std::process::{Command, Stdio};
use std::time::Duration;

/// How long a wait for something on the page may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(30);

fn tool(env: &str, default: &str) -> String {
    std::env::var(env)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// One chromedriver process on a free port, killed when dropped.
#[derive(Debug)]
pub struct Chromedriver(Driver);

impl Chromedriver {
    pub fn start() -> Self {
        let port = free_port();
        let mut command = Command::new(tool("CHROMEDRIVER", "/usr/bin/chromedriver"));
        command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        Self(Driver::spawn(
            command,
            port,
            "apt-get install chromium-driver",
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// 1280x800
    Desktop,
    /// 390x844 through Chromium's mobile emulation.
    Mobile,
    /// 768x1024: the narrowest the back office is made for (issue 17).
    Tablet,
}

impl Size {
    pub fn name(self) -> &'static str {
        match self {
            Size::Desktop => "desktop",
            Size::Mobile => "mobile",
            Size::Tablet => "tablet",
        }
    }
}

/// One browser session on the app: a [`Page`] whose paths are the app's.
#[derive(Debug)]
pub struct Browser {
    page: Page,
    base: String,
    // A fresh profile per session, removed at the end.
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn open(driver: &Chromedriver, base: &str, size: Size) -> Self {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut options = json!({ "binary": tool("CHROMIUM", "/usr/bin/chromium") });
        match size {
            Size::Desktop => args.push("--window-size=1280,800".to_owned()),
            Size::Tablet => args.push("--window-size=768,1024".to_owned()),
            Size::Mobile => {
                options["mobileEmulation"] = json!({
                    "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 2.0, "touch": true }
                });
            }
        }
        options["args"] = json!(args);
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), options);
        let camera = Camera::Page {
            suffix: size.name().to_owned(),
        };
        let page = Page::connect(&driver.0.url, capabilities, PATIENCE, camera).await;
        Self {
            page,
            base: base.trim_end_matches('/').to_owned(),
            _profile: profile,
        }
    }

    pub async fn goto(&self, path: &str) {
        self.page.goto(&format!("{}{path}", self.base)).await;
    }

    /// The tag name of the element that has focus (`H1`, `H2`, ...).
    pub async fn focused_tag(&self) -> String {
        let found = self
            .client
            .execute("return document.activeElement.tagName;", vec![])
            .await
            .expect("focus");
        found.as_str().unwrap_or_default().to_owned()
    }

    /// Waits until the document's title is `title`.
    pub async fn wait_for_title(&self, title: &str) {
        let deadline = std::time::Instant::now() + PATIENCE;
        let mut last = String::new();
        while std::time::Instant::now() < deadline {
            last = self.client.title().await.expect("title");
            if last == title {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the title never became {title:?}; last: {last:?}");
    }

    /// The value a field holds now.
    pub async fn value(&self, css: &str) -> String {
        let field = self.find(css).await;
        field
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default()
    }

    /// Today plus `days` in London, by the browser's clock (what the page itself uses).
    pub async fn local_date(&self, days: u64) -> chrono::NaiveDate {
        let today = self
            .client
            .execute(
                "return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());",
                vec![],
            )
            .await
            .expect("today");
        let today: chrono::NaiveDate = today
            .as_str()
            .and_then(|d| d.parse().ok())
            .expect("a YYYY-MM-DD date");
        today
            .checked_add_days(chrono::Days::new(days))
            .expect("a date")
    }

    /// Starts with a session made through the API (for tests about later pages).
    pub async fn log_in_with(&self, token: &str) {
        self.goto("/").await;
        self.find("main").await;
        self.client
            .execute(
                "sessionStorage.setItem('permit-session', arguments[0]);",
                vec![Value::from(token)],
            )
            .await
            .expect("stores the session");
        self.goto("/").await;
        self.find("#menu-title").await;
    }

    pub async fn close(self) {
        let _ = self.page.close().await;
    }
}

impl Deref for Browser {
    type Target = Page;

    fn deref(&self) -> &Page {
        &self.page
    }
}
