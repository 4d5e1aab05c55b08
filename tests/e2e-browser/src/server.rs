//! The backend on port 0 with its own database and the test clock (tests/support), serving
//! the web build (src-ui/dist, or `PERMITS_WEB_DIR`) at `/` as it does in production.

use permit_test_support::{Options, TestServer, workspace_path};
use std::path::PathBuf;

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
    TestServer::spawn_with(Options {
        web_dir: Some(web),
        ..Options::default()
    })
    .await
}
