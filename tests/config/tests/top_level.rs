//! The top-level files other tools read: they are easy to break without any Rust test noticing.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tauri_conf() -> Value {
    let text = std::fs::read_to_string(root().join("tauri.conf.json"))
        .expect("tauri.conf.json at the root");
    serde_json::from_str(&text).expect("tauri.conf.json is JSON")
}

#[test]
fn tauri_config_at_the_root_is_what_the_app_crate_reads() {
    // The Tauri CLI looks for the config beside the app's Cargo.toml: a link to the root file.
    let linked = root().join("src-tauri/tauri.conf.json");
    let target = std::fs::read_link(&linked).expect("src-tauri/tauri.conf.json is a symlink");
    assert_eq!(target, Path::new("../tauri.conf.json"));
    assert_eq!(
        std::fs::read(&linked).expect("link resolves"),
        std::fs::read(root().join("tauri.conf.json")).expect("root file")
    );
}

#[test]
fn tauri_config_names_the_product_and_embeds_the_ui_build() {
    let conf = tauri_conf();
    assert_eq!(conf["productName"], "Resident Parking Permits");
    assert!(
        conf["identifier"]
            .as_str()
            .is_some_and(|id| id.split('.').count() >= 3)
    );
    // Paths are relative to src-tauri/. The app embeds the UI built with the Tauri transport
    // (permit-ui's `app` feature), not the web build, which leaves it out.
    assert_eq!(conf["build"]["frontendDist"], "../src-ui/dist-app");
    // No `window.__TAURI__` for every script in the page: the UI calls Tauri's IPC core.
    assert_eq!(conf["app"]["withGlobalTauri"], false);
}

/// The folder the app embeds is the one `build-web.sh app` writes, built with the feature that
/// compiles the Tauri transport: a web build there would start as a plain browser page.
#[test]
fn the_app_build_of_the_ui_has_the_tauri_transport() {
    let script =
        std::fs::read_to_string(root().join("scripts/build-web.sh")).expect("build-web.sh");
    assert!(
        script.contains("trunk_args=(--features app --dist dist-app)"),
        "build-web.sh app builds src-ui/dist-app with the app feature"
    );
    let manifest: toml::Table = std::fs::read_to_string(root().join("src-ui/Cargo.toml"))
        .expect("src-ui/Cargo.toml")
        .parse()
        .expect("TOML");
    assert!(manifest["features"].get("app").is_some());
    let transports = std::fs::read_to_string(root().join("src-ui/src/api/mod.rs")).expect("api");
    assert!(transports.contains("#[cfg(feature = \"app\")]\nmod tauri;"));
}

/// Issue 15: with `withGlobalTauri` off, `window.__TAURI__` is undefined in the app's webview.
/// Code reading it would see the app as a plain browser (the UI would call the HTTP API at the
/// page's own `tauri://` origin, the service worker would register inside the app), which only
/// the desktop journey would catch. What the webview loads must test `window.isTauri` and call
/// `window.__TAURI_INTERNALS__` instead.
#[test]
fn nothing_the_webview_loads_reads_the_global_tauri_api() {
    fn visit(dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                if path
                    .file_name()
                    .is_some_and(|n| n != "dist" && n != "dist-app" && n != "target")
                {
                    visit(&path, found);
                }
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue; // images and other binary files
            };
            for (number, line) in text.lines().enumerate() {
                // Comments may name the global to say why it is not used.
                let code = line.trim_start();
                if code.contains("__TAURI__") && !code.starts_with("//") {
                    found.push(format!("{}:{}: {code}", path.display(), number + 1));
                }
            }
        }
    }
    let mut found = Vec::new();
    for ui in ["src-ui", "src-office"] {
        visit(&root().join(ui), &mut found);
    }
    assert!(
        found.is_empty(),
        "reads window.__TAURI__:\n{}",
        found.join("\n")
    );
}

#[test]
fn tauri_csp_is_strict_and_lets_the_wasm_ui_run() {
    let csp = &tauri_conf()["app"]["security"]["csp"];
    assert!(csp.is_object(), "a CSP must be set, never null");
    let script = csp["script-src"].as_str().expect("script-src");
    assert!(
        script.contains("'wasm-unsafe-eval'")
            && !script.contains("unsafe-inline")
            && !script.contains('*')
    );
    let connect = csp["connect-src"].as_str().expect("connect-src");
    assert!(connect.contains("ipc:") && !connect.contains('*'));
}

#[test]
fn every_bundle_icon_is_an_rgba_png() {
    let conf = tauri_conf();
    let icons = conf["bundle"]["icon"].as_array().expect("bundle.icon");
    assert!(!icons.is_empty());
    for icon in icons {
        let path = root()
            .join("src-tauri")
            .join(icon.as_str().expect("a path"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            &bytes[..8],
            b"\x89PNG\r\n\x1a\n",
            "{} is not a PNG",
            path.display()
        );
        // IHDR: bit depth at byte 24, colour type at byte 25 (6 = RGBA), which Tauri requires.
        assert_eq!(
            (bytes[24], bytes[25]),
            (8, 6),
            "{} is not 8-bit RGBA",
            path.display()
        );
    }
}

#[test]
fn ci_runs_the_readme_test_command() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let ci = std::fs::read_to_string(root().join(".ci/run")).expect(".ci/run");
    for command in ["bash scripts/run.sh", "bash scripts/test.sh"] {
        assert!(readme.contains(command), "the README gives `{command}`");
    }
    assert!(
        ci.contains("bash scripts/test.sh"),
        ".ci/run calls the README's test command"
    );
}

/// Issue 19: the Tauri mobile build's settings. The identifier is also the Android package
/// name, so each part must be a Java identifier; the mobile capability grants the phone's
/// main window what the desktop one grants, and the desktop one stays off the phones.
#[test]
fn tauri_config_and_capabilities_are_ready_for_android_and_ios() {
    let conf = tauri_conf();
    let identifier = conf["identifier"].as_str().expect("identifier");
    for part in identifier.split('.') {
        assert!(
            part.starts_with(|c: char| c.is_ascii_lowercase())
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !["package", "class", "import", "new", "int", "static"].contains(&part),
            "{identifier}: {part:?} is not an Android package name part"
        );
    }
    let min_sdk = conf["bundle"]["android"]["minSdkVersion"]
        .as_u64()
        .expect("minSdkVersion");
    assert!(
        min_sdk >= 24,
        "ring and the Keystore store need API 24: {min_sdk}"
    );
    assert!(conf["bundle"]["iOS"]["minimumSystemVersion"].is_string());
    let capability = |name: &str| -> Value {
        let path = root().join("src-tauri/capabilities").join(name);
        let text = std::fs::read_to_string(&path).expect("a capability file");
        serde_json::from_str(&text).expect("JSON")
    };
    let (desktop, mobile) = (capability("resident.json"), capability("mobile.json"));
    assert_eq!(
        desktop["platforms"],
        serde_json::json!(["linux", "macOS", "windows"])
    );
    assert_eq!(mobile["platforms"], serde_json::json!(["android", "iOS"]));
    assert_eq!(mobile["windows"], desktop["windows"]);
    assert_eq!(mobile["permissions"], desktop["permissions"]);
}
