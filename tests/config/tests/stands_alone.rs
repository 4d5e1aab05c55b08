//! The repository stands alone: a clone with nothing beside it builds, runs and passes its
//! tests, so no file of ours refers to the folder that sits beside the clone on developers'
//! machines. The rule catalogue is docs/rules.md.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Folders that hold no file of ours: builds, dependencies, git's own data.
const SKIPPED: &[&str] = &["target", ".git", "node_modules", "dist", "dist-app", "gen"];

/// Text files we write: code, scripts, configuration and docs.
const CHECKED: &[&str] = &[
    "rs", "sh", "toml", "md", "json", "html", "css", "js", "lua", "sql", "yml", "yaml", "run",
];

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable folder").flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !SKIPPED.contains(&name.as_ref()) {
                collect(&path, files);
            }
        } else if path
            .extension()
            .is_some_and(|e| CHECKED.contains(&e.to_string_lossy().as_ref()))
            || name == "run"
        {
            files.push(path);
        }
    }
}

#[test]
fn no_file_refers_to_anything_beside_the_repository() {
    // Built in two pieces so this file does not match itself.
    let beside = format!("{}/{}", "..", "shared");
    let mut files = Vec::new();
    collect(&root(), &mut files);
    assert!(files.len() > 100, "only {} files found", files.len());
    let offending: Vec<String> = files
        .iter()
        .filter(|path| {
            std::fs::read_to_string(path).is_ok_and(|text| text.contains(beside.as_str()))
        })
        .map(|path| {
            path.strip_prefix(root())
                .unwrap_or(path)
                .display()
                .to_string()
        })
        .collect();
    assert!(
        offending.is_empty(),
        "these files refer to {beside}, which a clone does not have: {offending:?}"
    );
}

#[test]
fn the_rule_catalogue_is_in_the_repository() {
    let catalogue = std::fs::read_to_string(root().join("docs/rules.md")).expect("docs/rules.md");
    assert!(
        catalogue.contains("- REG-1 ("),
        "docs/rules.md states REG-1"
    );
}
