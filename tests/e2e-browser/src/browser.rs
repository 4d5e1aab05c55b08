//! Headless Debian Chromium through chromedriver, with the flags known to work here
//! (Debian packages chromium and chromium-driver), at a desktop (1280x800) or phone (390x844) size.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
pub struct Chromedriver {
    child: Child,
    url: String,
}

impl Chromedriver {
    pub fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(tool("CHROMEDRIVER", "/usr/bin/chromedriver"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts (apt-get install chromium-driver)");
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// 1280x800
    Desktop,
    /// 390x844 through Chromium's mobile emulation.
    Mobile,
}

impl Size {
    pub fn name(self) -> &'static str {
        match self {
            Size::Desktop => "desktop",
            Size::Mobile => "mobile",
        }
    }
}

/// One browser session on the app.
#[derive(Debug)]
pub struct Browser {
    pub client: Client,
    base: String,
    size: Size,
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
        let client = connect(&driver.url, capabilities).await;
        Self {
            client,
            base: base.trim_end_matches('/').to_owned(),
            size,
            _profile: profile,
        }
    }

    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client.goto(&url).await.expect("navigates");
    }

    /// Waits until an element matching `css` is on the page.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Waits until the element's text contains `needle`, and returns the whole text.
    pub async fn text_containing(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                if text.contains(needle) {
                    return text;
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} never contained {needle:?}; last text: {last:?}");
    }

    /// Types into a field as a person would (after clearing it).
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clears");
        field.send_keys(text).await.expect("types");
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.expect("clicks");
    }

    pub async fn choose(&self, css: &str, value: &str) {
        let select = self.find(css).await;
        select.select_by_value(value).await.expect("selects");
    }

    /// Presses keys on whatever has focus (keyboard-only use): "\u{E004}" is Tab, "\u{E007}"
    /// Enter.
    pub async fn keys(&self, keys: &str) {
        let focused = self.client.active_element().await.expect("focus");
        focused.send_keys(keys).await.expect("keys");
    }

    /// The id of the element that has focus ("" when it has none).
    pub async fn focused_id(&self) -> String {
        let focused = self.client.active_element().await.expect("focus");
        focused.attr("id").await.ok().flatten().unwrap_or_default()
    }

    /// Clicks twice within one script, faster than any person, to prove a form submits once.
    pub async fn double_click(&self, css: &str) {
        self.find(css).await;
        let script = "const el = document.querySelector(arguments[0]); el.click(); el.click();";
        self.client
            .execute(script, vec![json!(css)])
            .await
            .expect("double click");
    }

    /// Sets an input's value as the browser's own picker would (date inputs take keys in the
    /// browser's locale order, which a test should not depend on).
    pub async fn set_value(&self, css: &str, value: &str) {
        self.find(css).await;
        let script = "const el = document.querySelector(arguments[0]);
            el.value = arguments[1];
            el.dispatchEvent(new Event('input', { bubbles: true }));";
        self.client
            .execute(script, vec![json!(css), json!(value)])
            .await
            .expect("sets the value");
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

    /// WCAG 1.3.1 / 4.1.2 basics on the page as it is now: every form control has a label, and
    /// no element id is used twice (labels and error links must point at one element).
    pub async fn assert_controls_labelled_and_ids_unique(&self, page: &str) {
        let script = "
            const controls = [...document.querySelectorAll('input, select, textarea')];
            const unlabelled = controls.filter(c => !(c.labels && c.labels.length)).map(c => c.id || c.name);
            const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
            const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
            return { unlabelled, repeated };";
        let found = self.client.execute(script, vec![]).await.expect("checks");
        assert_eq!(found["unlabelled"], json!([]), "{page}");
        assert_eq!(found["repeated"], json!([]), "{page}");
    }

    /// Fills in the sandbox card that succeeds and presses Pay on the Buy page.
    pub async fn pay_by_card(&self) {
        self.fill("#card_number", "4242 4242 4242 4242").await;
        self.fill("#card_expiry", "12/30").await;
        self.fill("#card_cvc", "123").await;
        self.click("#pay").await;
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

    /// Saves what the page looks like now as target/screenshots/<name>-<size>.png.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{name}-{}.png", self.size.name()));
        std::fs::write(&path, png).expect("writes screenshot");
        path
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

/// `$CARGO_TARGET_DIR/screenshots`, else target/screenshots in the workspace.
pub fn screenshot_dir() -> PathBuf {
    match std::env::var("CARGO_TARGET_DIR") {
        Ok(dir) if !dir.is_empty() => PathBuf::from(dir).join("screenshots"),
        _ => crate::workspace_path("target/screenshots"),
    }
}

/// Connects once chromedriver is listening (it starts in the background).
async fn connect(url: &str, capabilities: serde_json::Map<String, Value>) -> Client {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let attempt = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(url)
            .await;
        match attempt {
            Ok(client) => return client,
            Err(error) if Instant::now() >= deadline => {
                panic!("cannot start Chromium through chromedriver at {url}: {error}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}
