//! The backend on port 0 with its own database and the test clock (tests/support), serving
//! the web build (src-ui/dist, or `PERMITS_WEB_DIR`) at `/` and the back office's
//! (src-office/dist, or `PERMITS_OFFICE_DIR`) at `/office/`, as it does in production.

use permit_test_support::{Options, TestServer, enforcement_keys, workspace_path};
use std::path::PathBuf;

/// Where the release web build is: `PERMITS_WEB_DIR`, else src-ui/dist.
pub fn web_dir() -> PathBuf {
    match std::env::var("PERMITS_WEB_DIR") {
        Ok(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_path("src-ui/dist"),
    }
}

/// Where the back office's release build is: `PERMITS_OFFICE_DIR`, else src-office/dist.
pub fn office_dir() -> PathBuf {
    match std::env::var("PERMITS_OFFICE_DIR") {
        Ok(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_path("src-office/dist"),
    }
}

pub async fn spawn_server() -> TestServer {
    spawn_server_serving(web_dir()).await
}

/// The server with the web build in `web` (a copy a test changes: a new build deployed).
pub async fn spawn_server_serving(web: PathBuf) -> TestServer {
    assert!(
        web.join("index.html").is_file(),
        "no web build at {}: run scripts/test-ui.sh (trunk build --release) first",
        web.display()
    );
    // The back office's tests check it is there (`office::spawn_server`); the residents' tests
    // do not need it.
    let office = Some(office_dir()).filter(|dir| dir.join("index.html").is_file());
    // An enforcement key per council: the back office's enforcement-check reader shows checks
    // made through the enforcement API.
    let mut options = Options {
        web_dir: Some(web),
        office_dir: office,
        ..Options::default()
    };
    options.channels.enforcement_keys =
        enforcement_keys(&["cambridgeshire", "hampshire", "leicester", "leicestershire"]);
    TestServer::spawn_with(options).await
}
