//! Issue 19: a new build deployed while a tab is open. After a reload the tab runs the new
//! build, every file of the page from that one build, and the old build's cache is gone; a
//! reload offline then runs the new build from its own cache, never a mix of the two.
//!
//! The new build is made from the tested one as a deploy changes it: its stylesheet under a
//! new hashed name (the old file gone), index.html naming it, and the service worker written
//! again by scripts/service-worker.sh for the new file list, as scripts/build-web.sh does. The
//! wasm loader is left as it is: the running server's CSP names its hash, and a real deploy,
//! which changes it, restarts the server.

use permit_e2e_browser::server::{spawn_server_serving, web_dir};
use permit_e2e_browser::{Browser, Chromedriver, Size};
use permit_test_support::workspace_path;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// The shell files a build's service worker precaches, and its version (from its sw.js).
fn build_of(dir: &Path) -> (String, Vec<String>) {
    let worker = std::fs::read_to_string(dir.join("sw.js")).expect("sw.js");
    let quoted = |after: &str, until: char| {
        let start = worker.find(after).expect(after) + after.len();
        worker[start..]
            .split(until)
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let version = quoted("const VERSION = \"", '"');
    let list = format!("[{}]", quoted("const SHELL = [", ']'));
    let files: Vec<String> = serde_json::from_str(&list).expect("the shell list");
    (version, files)
}

fn file_named(dir: &Path, prefix: &str, suffix: &str) -> String {
    std::fs::read_dir(dir)
        .expect("the build")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .find(|name| name.starts_with(prefix) && name.ends_with(suffix))
        .unwrap_or_else(|| panic!("no {prefix}*{suffix} in {}", dir.display()))
}

fn remove_with_copies(dir: &Path, name: &str) {
    for file in [name.to_owned(), format!("{name}.br"), format!("{name}.gz")] {
        let _ = std::fs::remove_file(dir.join(file));
    }
}

/// Deploys the second build over the first in `dir`; answers with its stylesheet's name.
fn deploy_new_build(dir: &Path) -> String {
    let old_css = file_named(dir, "style-", ".css");
    let new_css = "style-b0b0b0b0b0b0b0b0.css".to_owned();
    let mut css = std::fs::read_to_string(dir.join(&old_css)).expect("the stylesheet");
    css.push_str("\n/* the second build */\n");
    std::fs::write(dir.join(&new_css), css).expect("new stylesheet");
    remove_with_copies(dir, &old_css);
    // The old link, integrity and all, becomes the new one (its content changed).
    let index = std::fs::read_to_string(dir.join("index.html")).expect("index.html");
    let start = index
        .find(&format!("<link href=/{old_css}"))
        .expect("the stylesheet's link");
    let end = start + index[start..].find('>').expect("the link's end") + 1;
    let index = format!(
        "{}<link href=/{new_css} rel=stylesheet>{}",
        &index[..start],
        &index[end..]
    );
    remove_with_copies(dir, "index.html");
    std::fs::write(dir.join("index.html"), index).expect("new index.html");
    remove_with_copies(dir, "sw.js");
    let written = std::process::Command::new("bash")
        .arg(workspace_path("scripts/service-worker.sh"))
        .arg(dir)
        .status()
        .expect("scripts/service-worker.sh runs");
    assert!(written.success(), "the new build's service worker");
    new_css
}

/// The caches the page's origin holds, once the service worker controls the page.
async fn controlled_caches(browser: &Browser) -> Vec<String> {
    let found = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             caches.keys().then(keys => done([navigator.serviceWorker.controller !== null, keys]));",
            vec![],
        )
        .await
        .expect("caches");
    if found[0] != Value::Bool(true) {
        return Vec::new();
    }
    serde_json::from_value(found[1].clone()).expect("cache names")
}

/// Waits until the origin's only cache is `version`'s and a worker controls the page.
async fn only_cache(browser: &Browser, version: &str) {
    let wanted = vec![format!("permits-shell-{version}")];
    let mut last = Vec::new();
    for _ in 0..300 {
        last = controlled_caches(browser).await;
        if last == wanted {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser
        .fail(&format!("the caches never became {wanted:?}: {last:?}"))
        .await;
}

/// Every file the page loaded (the document's stylesheets, scripts and fetched resources),
/// by path.
async fn loaded_files(browser: &Browser) -> Vec<String> {
    let found = browser
        .client
        .execute(
            "const paths = [...performance.getEntriesByType('resource').map(e => e.name),
                            ...[...document.styleSheets].map(s => s.href).filter(Boolean),
                            ...[...document.scripts].map(s => s.src).filter(Boolean)]
                 .map(u => new URL(u)).filter(u => u.origin === location.origin && !u.pathname.startsWith('/api/'))
                 .map(u => u.pathname);
             return [...new Set(paths)];",
            vec![],
        )
        .await
        .expect("the page's files");
    serde_json::from_value(found).expect("paths")
}

/// Every file the page runs is one of `build`'s shell files, `must` among them.
async fn runs_only(browser: &Browser, build: &[String], must: &str) {
    let loaded = loaded_files(browser).await;
    let foreign: Vec<&String> = loaded.iter().filter(|f| !build.contains(f)).collect();
    assert!(
        foreign.is_empty(),
        "files of another build: {foreign:?} (loaded {loaded:?})"
    );
    assert!(loaded.iter().any(|f| f == must), "{must} in {loaded:?}");
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn issue19_a_new_build_takes_over_on_reload_and_never_mixes() {
    let dir = tempfile::tempdir().expect("a deploy folder");
    for entry in std::fs::read_dir(web_dir()).expect("the web build") {
        let entry = entry.expect("a file");
        if entry.file_type().expect("type").is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copied");
        }
    }
    let (first, first_files) = build_of(dir.path());
    let first_css = file_named(dir.path(), "style-", ".css");
    let server = spawn_server_serving(dir.path().to_owned()).await;
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Mobile).await;
    browser.goto("/").await;
    browser.find("#start-login").await;
    only_cache(&browser, &first).await;
    runs_only(&browser, &first_files, &format!("/{first_css}")).await;

    // Deployed while the tab is open; the tab reloads.
    let new_css = deploy_new_build(dir.path());
    let (second, second_files) = build_of(dir.path());
    assert_ne!(first, second, "a new build version");
    browser.goto("/").await;
    browser.find("#start-login").await;
    runs_only(&browser, &second_files, &format!("/{new_css}")).await;
    // The new worker has taken over and deleted the old build's cache.
    only_cache(&browser, &second).await;

    // Offline, a reload runs the new build from its own cache alone.
    browser.set_offline(true).await;
    browser.goto("/").await;
    browser.find("#start-login").await;
    runs_only(&browser, &second_files, &format!("/{new_css}")).await;
    browser.screenshot("new-build-offline").await;
    browser.close().await;
}
