//! The server hands out the built web UI, so `scripts/run.sh` gives a working app at one
//! address; the API keeps its own paths.

use crate::helpers::{Options, spawn_app_with};

#[tokio::test]
async fn the_web_build_is_served_at_the_root_and_unknown_paths_get_the_app() {
    let web = tempfile::tempdir().expect("dir");
    std::fs::write(web.path().join("index.html"), "<html>permits app</html>").expect("write");
    std::fs::write(web.path().join("app.js"), "console.log('app')").expect("write");
    let app = spawn_app_with(Options {
        web_dir: Some(web.path().to_owned()),
        ..Options::default()
    })
    .await;
    let base = format!("http://127.0.0.1:{}", app.port);
    let get = |path: &str| reqwest::get(format!("{base}{path}"));

    let index = get("/").await.expect("GET /");
    assert_eq!(index.status(), 200);
    assert_eq!(
        index.text().await.expect("body"),
        "<html>permits app</html>"
    );

    let script = get("/app.js").await.expect("GET /app.js");
    let content_type = script.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        content_type.starts_with("text/javascript"),
        "{content_type}"
    );

    // A page of the app opened directly (a bookmark, a refresh) still loads the app.
    let deep = get("/stays/upcoming/week").await.expect("GET deep link");
    assert_eq!(deep.text().await.expect("body"), "<html>permits app</html>");

    // The API is untouched.
    assert_eq!(app.client.health().await.expect("health").status, "ok");
}
