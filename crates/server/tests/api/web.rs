//! The server hands out the built web UI, so `scripts/run.sh` gives a working app at one
//! address: everything outside `/api/` is the app's, the API keeps its own paths.

use crate::helpers::{Options, spawn_app, spawn_app_with};

const INDEX: &str = "<html>permits app</html>";

#[tokio::test]
async fn the_web_build_is_served_at_the_root_and_unknown_paths_get_the_app() {
    let web = tempfile::tempdir().expect("dir");
    std::fs::write(web.path().join("index.html"), INDEX).expect("write");
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
    assert_eq!(index.text().await.expect("body"), INDEX);

    let script = get("/app.js").await.expect("GET /app.js");
    let content_type = script.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        content_type.starts_with("text/javascript"),
        "{content_type}"
    );

    // Any other path still loads the app (its not-found page), with the status that says so.
    let deep = get("/stays/upcoming/week").await.expect("GET deep link");
    assert_eq!(deep.status(), 404);
    assert_eq!(deep.text().await.expect("body"), INDEX);

    // The API is untouched.
    assert_eq!(app.client.health().await.expect("health").status, "ok");
}

#[tokio::test]
async fn reloading_a_page_that_shares_a_name_with_an_api_route_shows_the_page_not_json() {
    let web = tempfile::tempdir().expect("dir");
    std::fs::write(web.path().join("index.html"), INDEX).expect("write");
    let app = spawn_app_with(Options {
        web_dir: Some(web.path().to_owned()),
        ..Options::default()
    })
    .await;
    for page in ["/stays", "/permits", "/payments", "/account", "/buy"] {
        let response = reqwest::get(format!("http://127.0.0.1:{}{page}", app.port))
            .await
            .expect("GET page");
        assert_eq!(response.status(), 200, "{page}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            content_type.starts_with("text/html"),
            "{page}: {content_type}"
        );
        assert_eq!(response.text().await.expect("body"), INDEX, "{page}");
    }
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_never_the_app() {
    let web = tempfile::tempdir().expect("dir");
    std::fs::write(web.path().join("index.html"), INDEX).expect("write");
    let with_ui = spawn_app_with(Options {
        web_dir: Some(web.path().to_owned()),
        ..Options::default()
    })
    .await;
    let without_ui = spawn_app().await;
    for port in [with_ui.port, without_ui.port] {
        for path in [
            "/api/v1/nothing-here",
            "/api/v2/stays",
            "/api",
            "/api/v1/stays/x/y/z",
        ] {
            let response = reqwest::get(format!("http://127.0.0.1:{port}{path}"))
                .await
                .expect("GET");
            assert_eq!(response.status(), 404, "{path}");
            let body: serde_json::Value = response.json().await.expect("JSON error body");
            assert_eq!(body["code"], "no_such_endpoint", "{path}");
            assert!(body["message"].is_string(), "{path}");
        }
    }
}

#[tokio::test]
async fn a_browser_that_accepts_brotli_gets_the_precompressed_copy() {
    let web = tempfile::tempdir().expect("dir");
    std::fs::write(web.path().join("index.html"), INDEX).expect("write");
    std::fs::write(web.path().join("app.wasm"), b"plain wasm").expect("write");
    std::fs::write(web.path().join("app.wasm.br"), b"brotli wasm").expect("write");
    let app = spawn_app_with(Options {
        web_dir: Some(web.path().to_owned()),
        ..Options::default()
    })
    .await;
    let url = format!("http://127.0.0.1:{}/app.wasm", app.port);
    let http = reqwest::Client::new();
    let compressed = http
        .get(&url)
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("GET");
    assert_eq!(compressed.status(), 200);
    assert_eq!(compressed.headers()["content-encoding"], "br");
    assert_eq!(
        compressed.bytes().await.expect("body").as_ref(),
        b"brotli wasm"
    );
    let plain = http.get(&url).send().await.expect("GET");
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.expect("body").as_ref(), b"plain wasm");
}

#[tokio::test]
async fn hashed_assets_are_cached_for_good_and_the_app_page_is_revalidated() {
    let web = tempfile::tempdir().expect("dir");
    std::fs::write(web.path().join("index.html"), INDEX).expect("write");
    let wasm = "permit-ui-700a66c72b944ed9_bg.wasm";
    std::fs::write(web.path().join(wasm), b"wasm").expect("write");
    let app = spawn_app_with(Options {
        web_dir: Some(web.path().to_owned()),
        ..Options::default()
    })
    .await;
    let cache_control = |response: &reqwest::Response| {
        response.headers()["cache-control"]
            .to_str()
            .expect("ascii")
            .to_owned()
    };
    let base = format!("http://127.0.0.1:{}", app.port);
    let asset = reqwest::get(format!("{base}/{wasm}")).await.expect("GET");
    assert_eq!(asset.status(), 200);
    assert_eq!(cache_control(&asset), "public, max-age=31536000, immutable");
    for page in ["/", "/index.html", "/stays", "/no-such-page"] {
        let response = reqwest::get(format!("{base}{page}")).await.expect("GET");
        assert_eq!(cache_control(&response), "no-cache", "{page}");
    }
}

/// Issue 19: the service worker is never kept stale by the browser's HTTP cache (a new build's
/// worker must be found on the next load), may control the whole site, and the policy lets it
/// and the manifest load from this origin only.
#[tokio::test]
async fn the_service_worker_is_revalidated_on_every_load_and_allowed_the_whole_site() {
    let web = tempfile::tempdir().expect("dir");
    std::fs::write(web.path().join("index.html"), INDEX).expect("write");
    std::fs::write(
        web.path().join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .expect("write");
    std::fs::write(
        web.path().join("manifest.webmanifest"),
        r#"{"name":"Permits"}"#,
    )
    .expect("write");
    let app = spawn_app_with(Options {
        web_dir: Some(web.path().to_owned()),
        ..Options::default()
    })
    .await;
    let base = format!("http://127.0.0.1:{}", app.port);
    let worker = reqwest::get(format!("{base}/sw.js")).await.expect("GET");
    assert_eq!(worker.status(), 200);
    let header = |response: &reqwest::Response, name: &str| {
        response.headers()[name].to_str().expect("ascii").to_owned()
    };
    assert_eq!(header(&worker, "cache-control"), "no-cache");
    assert_eq!(header(&worker, "service-worker-allowed"), "/");
    assert!(header(&worker, "content-type").starts_with("text/javascript"));
    let csp = header(&worker, "content-security-policy");
    assert!(csp.contains("worker-src 'self'"), "{csp}");
    assert!(csp.contains("manifest-src 'self'"), "{csp}");

    let manifest = reqwest::get(format!("{base}/manifest.webmanifest"))
        .await
        .expect("GET");
    assert_eq!(manifest.status(), 200);
    assert_eq!(
        header(&manifest, "content-type"),
        "application/manifest+json"
    );
    // Only the worker's own file says so.
    let page = reqwest::get(format!("{base}/")).await.expect("GET");
    assert!(page.headers().get("service-worker-allowed").is_none());
}

#[tokio::test]
async fn the_web_ui_is_served_with_a_strict_policy_that_still_lets_its_loader_run() {
    let web = tempfile::tempdir().expect("dir");
    let loader = "import init from '/app.js'; await init();";
    std::fs::write(
        web.path().join("index.html"),
        format!("<html><script type=module>{loader}</script><script src=/x.js></script></html>"),
    )
    .expect("write");
    let app = spawn_app_with(Options {
        web_dir: Some(web.path().to_owned()),
        ..Options::default()
    })
    .await;
    for page in ["/", "/stays", "/no-such-page"] {
        let response = reqwest::get(format!("http://127.0.0.1:{}{page}", app.port))
            .await
            .expect("GET");
        let header = |name: &str| response.headers()[name].to_str().expect("ascii").to_owned();
        let csp = header("content-security-policy");
        assert!(csp.contains("frame-ancestors 'none'"), "{page}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{page}: {csp}");
        // The inline loader's hash (sha256, base64), and nothing that allows other inline code.
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{page}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{page}: {csp}");
        assert_eq!(
            csp.matches("'sha256-").count(),
            1,
            "only the inline script: {csp}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{page}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{page}");
    }
}

#[tokio::test]
async fn the_back_office_is_served_under_office_every_page_reloads_with_the_same_headers() {
    let web = tempfile::tempdir().expect("dir");
    std::fs::write(web.path().join("index.html"), INDEX).expect("write");
    let office = tempfile::tempdir().expect("dir");
    let loader = "import init from '/office/office.js'; await init();";
    let office_index = format!("<html><script type=module>{loader}</script>office</html>");
    std::fs::write(office.path().join("index.html"), &office_index).expect("write");
    std::fs::write(
        office.path().join("office-0123456789abcdef.js"),
        "console.log('office')",
    )
    .expect("write");
    let app = spawn_app_with(Options {
        web_dir: Some(web.path().to_owned()),
        office_dir: Some(office.path().to_owned()),
        ..Options::default()
    })
    .await;
    let base = format!("http://127.0.0.1:{}", app.port);
    for page in [
        "/office/",
        "/office/login",
        "/office/queue",
        "/office/queue/pay-123",
        "/office/anything/deeper",
    ] {
        let response = reqwest::get(format!("{base}{page}")).await.expect("GET");
        assert_eq!(response.status(), 200, "{page}");
        let header = |name: &str| response.headers()[name].to_str().expect("ascii").to_owned();
        let csp = header("content-security-policy");
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{page}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{page}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{page}: {csp}");
        // The proof viewer's sandboxed frame shows a blob: URL, and nothing else is framed.
        assert!(csp.contains("frame-src blob:"), "{page}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{page}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{page}");
        assert_eq!(header("x-frame-options"), "DENY", "{page}");
        assert_eq!(header("referrer-policy"), "no-referrer", "{page}");
        assert_eq!(header("cache-control"), "no-cache", "{page}");
        assert_eq!(response.text().await.expect("body"), office_index);
    }
    let script = reqwest::get(format!("{base}/office/office-0123456789abcdef.js"))
        .await
        .expect("GET");
    assert_eq!(
        script.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // The residents' app and the API keep their own paths.
    let resident = reqwest::get(format!("{base}/")).await.expect("GET /");
    assert_eq!(resident.text().await.expect("body"), INDEX);
    let resident = reqwest::get(format!("{base}/stays")).await.expect("GET");
    let csp = resident.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        !csp.contains("blob:"),
        "the residents' policy is unchanged: {csp}"
    );
    assert_eq!(app.client.health().await.expect("health").status, "ok");
}
