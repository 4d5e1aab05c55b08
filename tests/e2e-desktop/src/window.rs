//! The real app in a real window (Xvfb), through its WebDriver session: opening one starts the
//! app, closing it quits the app.

use crate::TauriDriver;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// How long a wait for something in the window may take before the test fails (the app
/// starts a webview and a WebAssembly UI: slow on a busy 2-core machine).
const PATIENCE: Duration = Duration::from_secs(60);

/// One run of the app, through its WebDriver session.
#[derive(Debug)]
pub struct AppWindow {
    pub client: Client,
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
        let deadline = Instant::now() + PATIENCE;
        loop {
            let attempt = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&driver.url)
                .await;
            match attempt {
                Ok(client) => return Self { client },
                Err(error) if Instant::now() >= deadline => {
                    panic!("the app did not start through tauri-driver: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
    }

    /// Waits until an element matching `css` is in the window.
    pub async fn find(&self, css: &str) -> Element {
        let found = self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(error) => self.fail(&format!("no element {css}: {error}")).await,
        }
    }

    /// Fails the test with what the window shows: its URL and text, and a screenshot
    /// (desktop-failure.png), so a failure in CI can be understood without a rerun.
    async fn fail(&self, why: &str) -> ! {
        let url = self.client.current_url().await.map(|u| u.to_string());
        let text = match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(error) => format!("(no body: {error})"),
        };
        let shot = screenshot_dir().join("desktop-failure.png");
        let _ = std::fs::create_dir_all(screenshot_dir());
        let _ = Command::new("import")
            .args(["-window", "root"])
            .arg(&shot)
            .status();
        panic!(
            "{why}\nat {url:?}, showing:\n{text}\n(screenshot: {})",
            shot.display()
        );
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
        self.fail(&format!(
            "{css} never contained {needle:?}; last text: {last:?}"
        ))
        .await
    }

    /// Whether an element matching `css` is in the window now (no waiting).
    pub async fn has(&self, css: &str) -> bool {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|found| !found.is_empty())
            .unwrap_or(false)
    }

    /// Waits until no element matches `css`.
    pub async fn gone(&self, css: &str) {
        let deadline = Instant::now() + PATIENCE;
        while self.has(css).await {
            if Instant::now() >= deadline {
                self.fail(&format!("{css} never went away")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.expect("clears");
        field.send_keys(text).await.expect("types");
    }

    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.expect("clicks");
    }

    pub async fn choose(&self, css: &str, value: &str) {
        self.find(css)
            .await
            .select_by_value(value)
            .await
            .expect("selects");
    }

    /// Sets a date or time input as its picker would (typing into one depends on the locale).
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

    /// Today plus `days` in London (the machine's clock, which the app and server share).
    /// Not from the webview's Intl: WebKitGTK's formats differ from Chromium's.
    pub fn london_date(&self, days: u64) -> chrono::NaiveDate {
        chrono::Utc::now()
            .with_timezone(&chrono_tz::Europe::London)
            .date_naive()
            .checked_add_days(chrono::Days::new(days))
            .expect("a date")
    }

    /// The whole X screen as `$CARGO_TARGET_DIR/screenshots/desktop-<name>.png`, with
    /// ImageMagick's `import`: the real window as a person sees it. Called once the element
    /// the step is about is found; two animation frames first, as WebKit can otherwise be
    /// captured before its last paint.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let frames = "const done = arguments[arguments.length - 1];
            requestAnimationFrame(() => requestAnimationFrame(() => done()));";
        self.client
            .execute_async(frames, vec![])
            .await
            .expect("the window paints");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("desktop-{name}.png"));
        let status = Command::new("import")
            .args(["-window", "root"])
            .arg(&path)
            .status()
            .expect("ImageMagick's import runs (apt-get install imagemagick)");
        assert!(status.success(), "import failed for {}", path.display());
        path
    }

    /// Quits the app (ending the session closes its window).
    pub async fn quit(self) {
        self.client.close().await.expect("the app quits");
    }
}

/// `$CARGO_TARGET_DIR/screenshots`, else target/screenshots in the workspace.
pub fn screenshot_dir() -> PathBuf {
    match std::env::var("CARGO_TARGET_DIR") {
        Ok(dir) if !dir.is_empty() => PathBuf::from(dir).join("screenshots"),
        _ => crate::backend::workspace_path("target/screenshots"),
    }
}
