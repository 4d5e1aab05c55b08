//! Issue 16: card numbers never touch our service. The payer types them only on the payment
//! provider's hosted page, so no page of the residents' UI (web and app) or the back office has
//! a card field, and the app takes none either.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every Rust, HTML and JavaScript file under `dir` that we write (not a build's output).
fn sources(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            let built = ["dist", "dist-app", "target", "node_modules", "gen"]
                .iter()
                .any(|skip| path.ends_with(skip));
            if !built {
                sources(&path, files);
            }
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "html" || e == "js")
        {
            files.push(path);
        }
    }
}

#[test]
fn no_card_field_remains_in_the_ui_or_the_app() {
    let mut files = Vec::new();
    for dir in [
        "src-ui",
        "src-office",
        "src-tauri/src",
        "crates/app-core/src",
    ] {
        sources(&root().join(dir), &mut files);
    }
    assert!(
        files.len() > 20,
        "the UI's files were found: {}",
        files.len()
    );
    // A card field's id or name, a card input type the browser would autofill, or the sandbox
    // card type the UI once carried.
    let card_field = [
        "card_number",
        "card-number",
        "card_expiry",
        "card_cvc",
        "cc-number",
        "cc-csc",
        "SandboxCard",
        "CardFields",
    ];
    for file in &files {
        let text = std::fs::read_to_string(file).expect("text");
        for needle in card_field {
            assert!(
                !text.contains(needle),
                "{} has a card field: {needle}",
                file.display()
            );
        }
    }
}
