//! tauri-driver, which starts Debian's WebKitWebDriver, which starts the app binary
//! under Xvfb. Each WebDriver session on it is one run of the app.

use permit_test_support::webdriver::{Driver, free_port};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// tauri-driver on free ports; the environment it is given (the backend's address) reaches
/// every app it starts. Killed when dropped.
#[derive(Debug)]
pub struct TauriDriver {
    driver: Driver,
    pub(crate) app: PathBuf,
}

impl TauriDriver {
    pub fn start(app: &Path, api_url: &str) -> Self {
        assert!(
            app.is_file(),
            "no app binary at {}: cargo build -p permit-app --features custom-protocol",
            app.display()
        );
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no DISPLAY: run under xvfb-run (scripts/test-desktop.sh)"
        );
        let port = free_port();
        let mut command = Command::new("tauri-driver");
        command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &free_port().to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("PERMITS_API_URL", api_url)
            // Issue 16: the app opens the payment page with the desktop's opener (xdg-open),
            // which outside a desktop session runs $BROWSER: `true` opens nothing, and the
            // journey pays the sandbox's page over HTTP, as the payer's browser would.
            .env("BROWSER", "true")
            .stdout(Stdio::null());
        let install = "cargo install tauri-driver --version 2.1.0 --locked";
        Self {
            driver: Driver::spawn(command, port, install),
            app: app.to_owned(),
        }
    }

    pub(crate) fn url(&self) -> &str {
        &self.driver.url
    }
}

/// The app binary: `PERMIT_APP_BINARY`, else the debug build in the cargo target dir.
pub fn app_binary() -> PathBuf {
    match std::env::var("PERMIT_APP_BINARY") {
        Ok(path) if !path.is_empty() => PathBuf::from(path),
        _ => match std::env::var("CARGO_TARGET_DIR") {
            Ok(dir) if !dir.is_empty() => PathBuf::from(dir).join("debug/permit-app"),
            _ => permit_test_support::workspace_path("target/debug/permit-app"),
        },
    }
}
