//! One WebDriver page, for Chromium through chromedriver (tests/e2e-browser) and the desktop
//! app's WebKit through tauri-driver (tests/e2e-desktop): finding, typing, clicking and
//! waiting as a person would, and a failure that shows what the page showed.

use crate::screenshot_dir;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// A free port on the loopback interface, for a driver to listen on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// A WebDriver server process (chromedriver, tauri-driver) listening on `port`, killed when
/// dropped.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    /// `http://127.0.0.1:<port>`, where sessions are opened ([`Page::connect`]).
    pub url: String,
}

impl Driver {
    /// Starts `command`, which was told to listen on `port`; `install` says how to get it.
    pub fn spawn(mut command: Command, port: u16, install: &str) -> Self {
        // Its own process group, so that dropping it ends the browsers it started too: a
        // killed driver otherwise leaves every Chromium of its sessions running.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .unwrap_or_else(|error| panic!("{command:?} starts ({install}): {error}"));
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(std::process::Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a page's screenshots are taken and named (under [`screenshot_dir`]).
#[derive(Debug, Clone)]
pub enum Camera {
    /// The WebDriver screenshot of the page, as `<name>-<suffix>.png` (headless browsers).
    Page { suffix: String },
    /// The whole X screen with ImageMagick's `import`, as `<prefix>-<name>.png`: the real
    /// window as a person sees it (WebKit's WebDriver screenshots are not the window).
    Screen { prefix: String },
}

/// One WebDriver session, waiting up to its patience for what a step needs.
#[derive(Debug)]
pub struct Page {
    pub client: Client,
    patience: Duration,
    camera: Camera,
}

impl Page {
    /// Opens a session once the driver at `driver_url` listens (drivers start in the
    /// background).
    pub async fn connect(
        driver_url: &str,
        capabilities: serde_json::Map<String, Value>,
        patience: Duration,
        camera: Camera,
    ) -> Self {
        let deadline = Instant::now() + patience;
        loop {
            let attempt = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(driver_url)
                .await;
            match attempt {
                Ok(client) => {
                    return Self {
                        client,
                        patience,
                        camera,
                    };
                }
                Err(error) if Instant::now() >= deadline => {
                    panic!("no WebDriver session at {driver_url}: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigates");
    }

    /// The address of the page shown now.
    pub async fn current_url(&self) -> String {
        self.client.current_url().await.expect("url").to_string()
    }

    /// Waits until an element matching `css` is on the page.
    pub async fn find(&self, css: &str) -> Element {
        let found = self
            .client
            .wait()
            .at_most(self.patience)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(error) => self.fail(&format!("no element {css}: {error}")).await,
        }
    }

    /// Fails the test with what the page shows: its URL and text, and a screenshot
    /// (`failure`), so a failure in CI can be understood without a rerun.
    pub async fn fail(&self, why: &str) -> ! {
        let url = self.client.current_url().await.map(|u| u.to_string());
        let text = match self.client.find(Locator::Css("body")).await {
            Ok(body) => body.text().await.unwrap_or_default(),
            Err(error) => format!("(no body: {error})"),
        };
        let shot = self.take("failure").await;
        panic!("{why}\nat {url:?}, showing:\n{text}\n(screenshot: {shot:?})");
    }

    /// Waits until the element's text contains `needle`, and returns the whole text.
    pub async fn text_containing(&self, css: &str, needle: &str) -> String {
        let deadline = Instant::now() + self.patience;
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

    /// Whether an element matching `css` is on the page now (no waiting).
    pub async fn has(&self, css: &str) -> bool {
        self.client
            .find_all(Locator::Css(css))
            .await
            .map(|found| !found.is_empty())
            .unwrap_or(false)
    }

    /// Waits until no element matches `css`.
    pub async fn gone(&self, css: &str) {
        let deadline = Instant::now() + self.patience;
        while self.has(css).await {
            if Instant::now() >= deadline {
                self.fail(&format!("{css} never went away")).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types into a field as a person would (after clearing it).
    /// Types `text` into the field, replacing what is there. A field whose page re-renders it
    /// while data arrives (the Buy page's quantity as the allowance loads) can get its default
    /// back between the clear and the typing ("11"): typed again until the field holds `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        for _ in 0..5 {
            let field = self.find(css).await;
            field.clear().await.expect("clears");
            field.send_keys(text).await.expect("types");
            if field.prop("value").await.ok().flatten().as_deref() == Some(text) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        panic!("{css} does not keep the text typed into it: {text:?}");
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

    /// Sets an input's value as the browser's own picker would (date and time inputs take
    /// keys in the locale's order, which a test should not depend on).
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

    /// Waits until the element with id `id` has focus: pages move focus on the animation frame
    /// after they draw, so the element can be found a moment before it is focused.
    pub async fn wait_for_focus(&self, id: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut last = self.focused_id().await;
        while last != id && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
            last = self.focused_id().await;
        }
        assert_eq!(last, id, "focus never reached #{id}");
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

    /// On the sandbox's hosted payment page (issue 16), pays with `card` (a test card) and
    /// waits to be sent back to the service.
    pub async fn pay_on_hosted_page(&self, card: &str) {
        self.text_containing("h1", "Enter card details").await;
        self.fill("#card-number", card).await;
        self.click("main form button[type=submit]").await;
        self.gone("#card-number").await;
    }

    /// From the Buy page's questions: continues to "Check your answers", then to payment, and
    /// pays on the sandbox's hosted page with the test card that succeeds.
    pub async fn pay_on_payment_page(&self) {
        self.click("#buy-continue").await;
        self.click("#pay").await;
        self.pay_on_hosted_page("4242 4242 4242 4242").await;
    }

    /// Chooses the radio of question `name` whose value is `value`.
    pub async fn choose_radio(&self, name: &str, value: &str) {
        self.click(&format!("input[name='{name}'][value='{value}']"))
            .await;
    }

    /// Saves what the page looks like now (see [`Camera`]). Called once the element the step
    /// is about is found.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        if let Camera::Screen { .. } = self.camera {
            // Two animation frames first: WebKit can otherwise be captured before its last
            // paint.
            let frames = "const done = arguments[arguments.length - 1];
                requestAnimationFrame(() => requestAnimationFrame(() => done()));";
            self.client
                .execute_async(frames, vec![])
                .await
                .expect("the window paints");
        }
        self.take(name).await.unwrap_or_else(|why| panic!("{why}"))
    }

    async fn take(&self, name: &str) -> Result<PathBuf, String> {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).map_err(|e| format!("screenshot dir: {e}"))?;
        match &self.camera {
            Camera::Page { suffix } => {
                let png = self
                    .client
                    .screenshot()
                    .await
                    .map_err(|e| format!("screenshot: {e}"))?;
                let path = dir.join(format!("{name}-{suffix}.png"));
                std::fs::write(&path, png).map_err(|e| format!("writes screenshot: {e}"))?;
                Ok(path)
            }
            Camera::Screen { prefix } => {
                let path = dir.join(format!("{prefix}-{name}.png"));
                let status = Command::new("import")
                    .args(["-window", "root"])
                    .arg(&path)
                    .status()
                    .map_err(|e| {
                        format!("ImageMagick's import runs (apt-get install imagemagick): {e}")
                    })?;
                if !status.success() {
                    return Err(format!("import failed for {}", path.display()));
                }
                Ok(path)
            }
        }
    }

    /// Sends one Chrome DevTools Protocol command to the page through chromedriver
    /// (`POST /session/{id}/goog/cdp/execute`), e.g. `Network.emulateNetworkConditions`;
    /// answers with the command's result. Chromium only.
    pub async fn devtools(&self, cmd: &str, params: Value) -> Value {
        let command = DevTools {
            cmd: cmd.to_owned(),
            params,
        };
        self.client
            .issue_cmd(command)
            .await
            .unwrap_or_else(|error| panic!("DevTools {cmd}: {error}"))
    }

    /// Ends the session (for the desktop app: quits it, closing its window).
    pub async fn close(self) -> Result<(), fantoccini::error::CmdError> {
        self.client.close().await
    }
}

/// chromedriver's DevTools passthrough, as a WebDriver command.
#[derive(Debug)]
struct DevTools {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
