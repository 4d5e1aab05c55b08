//! `<name>.toml`: a hand-written gazetteer (the demo councils' few properties in
//! `assets/gazetteer`), friendlier to edit than CSV. A TOML file is parsed whole, at several
//! times its size in memory, so it is limited to [`MAX_TOML_BYTES`]: a council's full
//! gazetteer comes as CSV (`csv_file.rs`).

use super::builder::{Builder, Row};
use permit_rules::CouncilId;
use serde::Deserialize;
use std::io::Read;
use std::path::Path;

/// About 20,000 properties.
pub(crate) const MAX_TOML_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    council: String,
    property: Vec<toml::Spanned<RawProperty>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProperty {
    id: String,
    postcode: String,
    house: String,
    address: Vec<String>,
    council_tax_account: String,
    zone: String,
}

pub(super) fn read(path: &Path, builder: &mut Builder) -> Result<(), String> {
    let bad = |what: &dyn std::fmt::Display| format!("{}: {what}", path.display());
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_TOML_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| bad(&e))?;
    if text.len() as u64 > MAX_TOML_BYTES {
        return Err(bad(&format_args!(
            "over {} MiB: a gazetteer this large belongs in a CSV file",
            MAX_TOML_BYTES / 1024 / 1024
        )));
    }
    let file: File = toml::from_str(&text).map_err(|e| bad(&e))?;
    let council = CouncilId::parse(&file.council).map_err(|e| bad(&e))?;
    builder.file(path, council)?;
    let mut lines = Lines::default();
    for property in &file.property {
        let line = lines.of(&text, property.span().start);
        let raw = property.get_ref();
        let address: Vec<&str> = raw.address.iter().map(String::as_str).collect();
        builder.add(
            line,
            &Row {
                id: &raw.id,
                postcode: &raw.postcode,
                house: &raw.house,
                council_tax_account: &raw.council_tax_account,
                zone: &raw.zone,
                address: &address,
            },
        )?;
    }
    Ok(())
}

/// Line numbers of increasing byte offsets, counted once through the text.
#[derive(Default)]
struct Lines {
    at: usize,
    line: u64,
}

impl Lines {
    fn of(&mut self, text: &str, offset: usize) -> u64 {
        let offset = offset.clamp(self.at, text.len());
        self.line += text.as_bytes()[self.at..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.at = offset;
        self.line + 1
    }
}
