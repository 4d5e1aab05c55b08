//! The one place a property is checked and packed: both file readers hand it each row as they
//! read it, borrowed from their own buffer, so no reader holds a whole file's properties.

use super::{Gazetteer, ID, Record, SEP};
use permit_rules::{CouncilId, CouncilTaxAccount, Postcode};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Address lines a property may have (a CSV file's `address_1` to `address_6`).
pub(crate) const MAX_ADDRESS_LINES: usize = 6;

/// The longest field, in bytes: a postcode, an account number or an address line is far
/// shorter; this only stops a runaway field.
pub(crate) const MAX_FIELD_BYTES: usize = 200;

/// One property as a reader found it.
pub(crate) struct Row<'a> {
    pub id: &'a str,
    pub postcode: &'a str,
    pub house: &'a str,
    pub council_tax_account: &'a str,
    pub zone: &'a str,
    pub address: &'a [&'a str],
}

/// Where a property was read: file (number in `Builder::files`) and line.
#[derive(Clone, Copy)]
struct Origin {
    file: u32,
    line: u32,
}

/// Builds a [`Gazetteer`] one property at a time.
#[derive(Default)]
pub(crate) struct Builder {
    gazetteer: Gazetteer,
    /// Per council number, its zones' numbers by name.
    zone_numbers: Vec<HashMap<String, u16>>,
    files: Vec<PathBuf>,
    council: u16,
    /// Of each record, to name both places when an id is repeated; dropped by `finish`.
    origins: Vec<Origin>,
}

/// `path: line N: what`, the form of every gazetteer error about a row.
pub(crate) fn at_line(path: &Path, line: u64, what: impl std::fmt::Display) -> String {
    format!("{}: line {line}: {what}", path.display())
}

impl Builder {
    /// Starts the properties of one file, all of `council`.
    pub(super) fn file(&mut self, path: &Path, council: CouncilId) -> Result<(), String> {
        let councils = &mut self.gazetteer.councils;
        let n = match councils.iter().position(|c| *c == council) {
            Some(n) => n,
            None => {
                councils.push(council);
                self.zone_numbers.push(HashMap::new());
                councils.len() - 1
            }
        };
        self.council =
            u16::try_from(n).map_err(|_| format!("{}: too many councils", path.display()))?;
        self.files.push(path.to_owned());
        Ok(())
    }

    /// Adds the property on `line` of the current file.
    pub(super) fn add(&mut self, line: u64, row: &Row<'_>) -> Result<(), String> {
        if let Err(what) = self.pack(row) {
            let path = self.files.last().map_or(Path::new(""), PathBuf::as_path);
            return Err(at_line(path, line, what));
        }
        let file = u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX);
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        self.origins.push(Origin { file, line });
        Ok(())
    }

    fn pack(&mut self, row: &Row<'_>) -> Result<(), String> {
        let named = [
            ("id", row.id),
            ("postcode", row.postcode),
            ("house", row.house),
            ("council_tax_account", row.council_tax_account),
            ("zone", row.zone),
        ];
        let lines = row.address.iter().map(|l| ("an address line", *l));
        for (name, value) in named.into_iter().chain(lines) {
            if value.trim().is_empty() {
                return Err(format!("{name} is empty"));
            }
            if value.len() > MAX_FIELD_BYTES {
                return Err(format!("{name} is longer than {MAX_FIELD_BYTES} bytes"));
            }
            // Also keeps `SEP` out of the packed text.
            if value.chars().any(char::is_control) {
                return Err(format!("{name} holds a control character"));
            }
        }
        if row.address.is_empty() || row.address.len() > MAX_ADDRESS_LINES {
            return Err(format!(
                "a property has 1 to {MAX_ADDRESS_LINES} address lines, not {}",
                row.address.len()
            ));
        }
        let postcode = Postcode::parse(row.postcode).map_err(|e| format!("postcode: {e}"))?;
        CouncilTaxAccount::parse(row.council_tax_account)
            .map_err(|e| format!("council_tax_account: {e}"))?;
        let zone = self.zone(row.zone)?;
        let fields = [
            row.id,
            postcode.as_str(),
            row.house,
            row.council_tax_account,
        ];
        let text = &mut self.gazetteer.text;
        let start = text.len();
        for (i, field) in fields
            .into_iter()
            .chain(row.address.iter().copied())
            .enumerate()
        {
            if i > 0 {
                text.push(SEP);
            }
            text.push_str(field);
        }
        let offset = |at: usize| u32::try_from(at).map_err(|_| "gazetteer over 4 GB".to_owned());
        self.gazetteer.records.push(Record {
            start: offset(start)?,
            end: offset(text.len())?,
            council: self.council,
            zone,
        });
        Ok(())
    }

    /// The number of the current council's `zone`, numbered on first sight.
    fn zone(&mut self, zone: &str) -> Result<u16, String> {
        let council = self.council;
        let numbers = &mut self.zone_numbers[usize::from(council)];
        if let Some(n) = numbers.get(zone) {
            return Ok(*n);
        }
        let g = &mut self.gazetteer;
        let n = u16::try_from(g.zone_names.len()).map_err(|_| "too many zones".to_owned())?;
        g.zone_names.push((council, zone.to_owned()));
        g.zones
            .entry(g.councils[usize::from(council)].clone())
            .or_default()
            .insert(zone.to_owned());
        numbers.insert(zone.to_owned(), n);
        Ok(n)
    }

    /// Sorts the lookups; an id listed twice (in any files) stops start-up naming both places.
    pub(super) fn finish(self) -> Result<Gazetteer, String> {
        let Self {
            gazetteer: mut g,
            files,
            origins,
            ..
        } = self;
        g.text.shrink_to_fit();
        g.records.shrink_to_fit();
        let all = 0..u32::try_from(g.records.len()).unwrap_or(u32::MAX);
        let mut by_id: Vec<u32> = all.clone().collect();
        by_id.sort_by(|a, b| g.field(*a, ID).cmp(g.field(*b, ID)));
        if let Some(pair) = by_id
            .windows(2)
            .find(|pair| g.field(pair[0], ID) == g.field(pair[1], ID))
        {
            let place = |i: u32| {
                let o = origins[i as usize];
                format!("{} line {}", files[o.file as usize].display(), o.line)
            };
            return Err(format!(
                "property id {} is listed twice: {} and {}",
                g.field(pair[0], ID),
                place(pair[0]),
                place(pair[1])
            ));
        }
        let mut by_postcode: Vec<u32> = all.collect();
        by_postcode.sort_by(|a, b| {
            g.field(*a, super::POSTCODE)
                .cmp(g.field(*b, super::POSTCODE))
        });
        g.by_id = by_id;
        g.by_postcode = by_postcode;
        Ok(g)
    }
}
