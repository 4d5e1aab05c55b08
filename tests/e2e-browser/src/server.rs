//! The backend on port 0 with its own SQLite database and the test clock, serving the web
//! build (src-ui/dist, or `PERMITS_WEB_DIR`) at `/` as it does in production.

use crate::workspace_path;
use permit_client::Client;
use permit_server::secret::Secret;
use permit_server::{Application, Settings};
use std::path::PathBuf;

#[derive(Debug)]
pub struct TestServer {
    /// `http://127.0.0.1:<port>`, where the browser opens the app.
    pub url: String,
    /// The typed client on the same server (operator endpoints: outbox, clock).
    pub api: Client,
    // Holds the SQLite file's folder until the test ends.
    _dir: tempfile::TempDir,
}

/// Where the release web build is: `PERMITS_WEB_DIR`, else src-ui/dist.
pub fn web_dir() -> PathBuf {
    match std::env::var("PERMITS_WEB_DIR") {
        Ok(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_path("src-ui/dist"),
    }
}

pub async fn spawn_server() -> TestServer {
    let web = web_dir();
    assert!(
        web.join("index.html").is_file(),
        "no web build at {}: run scripts/test-ui.sh (trunk build --release) first",
        web.display()
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings {
        bind: "127.0.0.1:0".parse().expect("loopback address"),
        database_url: Secret::new(format!(
            "sqlite://{}",
            dir.path().join("permits.db").display()
        )),
        councils_dir: workspace_path("assets/councils"),
        gazetteer_dir: workspace_path("assets/gazetteer"),
        test_clock: true,
        web_dir: Some(web),
        ..Settings::default()
    };
    let app = Application::build(settings).await.expect("server builds");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    let url = format!("http://127.0.0.1:{port}");
    TestServer {
        api: Client::new(&url),
        url,
        _dir: dir,
    }
}
