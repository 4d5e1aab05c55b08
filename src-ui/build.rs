//! Embeds every council file under assets/councils, so a new council is a new file here too
//! (the UI previews each council's rules before the server decides).
//!
//! The files are converted from TOML to JSON here, at build time: the browser build then reads
//! them with serde_json, which it has anyway, instead of carrying a TOML reader (about 40 KB
//! of the gzipped wasm). The conversion is of the data only (tables, arrays, strings, numbers,
//! booleans); the scheme types, their `deny_unknown_fields` and the scheme's checks still run
//! on the JSON in the browser (`councils.rs`), and a unit test compares the result with
//! `Scheme::from_toml` on every file.
//!
//! Each file's `[assumptions]` table is left out: it says why the file's values were chosen,
//! for the people who maintain it, and no page shows it. It was three quarters of the embedded
//! text (about 24 KB raw).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    // Read when the script runs, not when it was compiled: a build script compiled for one
    // checkout and reused from a shared target folder by another must read the files of the
    // checkout being built (it found no councils, so the login page listed none).
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
    let dir = PathBuf::from(manifest).join("../assets/councils");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    files.sort();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let mut out = String::from("pub(crate) const COUNCIL_JSON: &[&str] = &[\n");
    for file in files {
        println!("cargo::rerun-if-changed={}", file.display());
        // A file that is not TOML is left out, as the UI leaves out a file that is not a valid
        // scheme: the server refuses to start with either.
        let Some(json) = to_json(&file) else { continue };
        let name = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("council");
        let target = out_dir.join(format!("{name}.json"));
        write(&target, &json);
        let _ = writeln!(out, "    include_str!({:?}),", target.display().to_string());
    }
    out.push_str("];\n");
    write(&out_dir.join("councils.rs"), &out);
}

fn to_json(file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut value: toml::Value = match toml::from_str(&text) {
        Ok(value) => value,
        Err(error) => {
            let error = error.to_string().replace('\n', " ");
            println!("cargo::warning={} is left out: {error}", file.display());
            return None;
        }
    };
    if let Some(table) = value.as_table_mut() {
        table.remove("assumptions");
    }
    if has_datetime(&value) {
        // toml serializes a date as a private table no scheme field reads: say so here.
        panic!("{}: council files hold no dates or times", file.display());
    }
    match serde_json::to_string(&value) {
        Ok(json) => Some(json),
        Err(error) => panic!("{}: cannot convert to JSON: {error}", file.display()),
    }
}

fn has_datetime(value: &toml::Value) -> bool {
    match value {
        toml::Value::Datetime(_) => true,
        toml::Value::Array(items) => items.iter().any(has_datetime),
        toml::Value::Table(table) => table.values().any(has_datetime),
        _ => false,
    }
}

fn write(target: &Path, text: &str) {
    if let Err(error) = std::fs::write(target, text) {
        panic!("cannot write {}: {error}", target.display());
    }
}
