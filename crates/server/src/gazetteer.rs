//! The properties per council, searched by postcode and house number/name (REG-1, REG-5), read
//! at start-up from `gazetteer_dir`: `<council>.csv` files (a council's extract, read as a
//! stream: `csv_file.rs`) and `*.toml` files (the hand-written demo ones in
//! `assets/gazetteer`: `toml_file.rs`), both through the one builder (`builder.rs`). Council tax
//! account numbers stay in here: only [`Gazetteer::account_matches`] ever looks at them.
//!
//! Kept compact (issue 20): at 500,000 properties a `Property` of owned strings per property,
//! with its id and postcode copied again into hash maps, took about 300 MB of the server's
//! memory. Here every property's text lives in one string, its council and zone are numbers,
//! and the lookups by id and by postcode are sorted lists of positions: about 90 bytes a
//! property. A [`Property`] is built when asked for.

mod builder;
pub mod csv_file;
#[cfg(test)]
mod tests;
mod toml_file;

use builder::Builder;
use permit_rules::{CouncilId, CouncilTaxAccount, Postcode};
use std::collections::{HashMap, HashSet};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct Property {
    pub id: String,
    pub council: CouncilId,
    pub postcode: Postcode,
    pub house: String,
    pub address: Vec<String>,
    pub zone: String,
    council_tax_account: CouncilTaxAccount,
}

impl Property {
    /// REG-1: the property's account number as it may be shown.
    pub fn masked_account(&self) -> String {
        self.council_tax_account.masked()
    }
}

/// Separates a property's fields in [`Gazetteer::text`]; no field may hold it.
const SEP: char = '\u{1f}';

/// One property: where its fields are in the text, and its council and zone by number.
#[derive(Debug, Clone, Copy)]
struct Record {
    start: u32,
    end: u32,
    council: u16,
    zone: u16,
}

/// Fields of a record's text: id, postcode, house, council tax account, then address lines.
const ID: usize = 0;
const POSTCODE: usize = 1;
const HOUSE: usize = 2;

/// Indexed at load: the enforcement check asks about zones and registration about ids and
/// postcodes on every request, and a council's gazetteer holds tens of thousands of properties.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    text: String,
    records: Vec<Record>,
    councils: Vec<CouncilId>,
    /// (council number, zone) of each zone number.
    zone_names: Vec<(u16, String)>,
    /// Positions in `records`, sorted by id (ids are unique: `Builder::finish`).
    by_id: Vec<u32>,
    /// Positions in `records`, sorted by postcode (stable: in the files' order within one).
    by_postcode: Vec<u32>,
    zones: HashMap<CouncilId, HashSet<String>>,
}

impl Gazetteer {
    /// Reads every `*.csv` and `*.toml` file in `dir`, in name order; a bad file stops start-up
    /// with its name and line.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let mut builder = Builder::default();
        for path in crate::files::data_files(dir, &["csv", "toml"])? {
            if path.extension().is_some_and(|ext| ext == "csv") {
                csv_file::read(&path, &mut builder)?;
            } else {
                toml_file::read(&path, &mut builder)?;
            }
        }
        builder.finish()
    }

    /// Field `n` of record `i`'s text.
    fn field(&self, i: u32, n: usize) -> &str {
        self.fields(i).nth(n).unwrap_or_default()
    }

    fn fields(&self, i: u32) -> std::str::Split<'_, char> {
        let r = self.records[i as usize];
        self.text[r.start as usize..r.end as usize].split(SEP)
    }

    fn property(&self, i: u32) -> Property {
        let r = self.records[i as usize];
        let mut fields = self.fields(i);
        let mut next = || fields.next().unwrap_or_default().to_owned();
        let (id, postcode, house, account) = (next(), next(), next(), next());
        Property {
            // Both were parsed at load: these cannot fail.
            postcode: Postcode::parse(&postcode).unwrap_or_else(|_| unreachable!("{postcode}")),
            council_tax_account: CouncilTaxAccount::parse(&account)
                .unwrap_or_else(|_| unreachable!("{id}")),
            id,
            house,
            address: fields.map(str::to_owned).collect(),
            council: self.councils[usize::from(r.council)].clone(),
            zone: self.zone_names[usize::from(r.zone)].1.clone(),
        }
    }

    fn position(&self, id: &str) -> Option<u32> {
        let at = self.by_id.partition_point(|i| self.field(*i, ID) < id);
        let i = *self.by_id.get(at)?;
        (self.field(i, ID) == id).then_some(i)
    }

    /// Properties at `postcode` whose house number/name starts with `house` (case-insensitive);
    /// an empty `house` lists the whole postcode.
    pub fn search(&self, postcode: &Postcode, house: &str) -> Vec<Property> {
        let house = house.trim().to_lowercase();
        let postcode = postcode.as_str();
        let from = self
            .by_postcode
            .partition_point(|i| self.field(*i, POSTCODE) < postcode);
        self.by_postcode[from..]
            .iter()
            .take_while(|i| self.field(**i, POSTCODE) == postcode)
            .filter(|i| self.field(**i, HOUSE).to_lowercase().starts_with(&house))
            .map(|i| self.property(*i))
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<Property> {
        self.position(id).map(|i| self.property(i))
    }

    /// The zone of property `id`.
    pub fn zone_of(&self, id: &str) -> Option<&str> {
        let r = self.records[self.position(id)? as usize];
        Some(&self.zone_names[usize::from(r.zone)].1)
    }

    /// Whether `zone` is one of the council's parking zones.
    pub fn has_zone(&self, council: &CouncilId, zone: &str) -> bool {
        self.zones
            .get(council)
            .is_some_and(|zones| zones.contains(zone))
    }

    /// Every property's (id, council, zone), in the files' order.
    pub fn zones(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        (0..self.records.len()).map(|i| {
            let r = self.records[i];
            let (council, zone) = (
                self.councils[usize::from(r.council)].as_str(),
                self.zone_names[usize::from(r.zone)].1.as_str(),
            );
            (self.field(i as u32, ID), council, zone)
        })
    }

    pub fn in_council<'a>(&'a self, council: &'a CouncilId) -> impl Iterator<Item = Property> + 'a {
        let number = self.councils.iter().position(|c| c == council);
        (0..self.records.len() as u32)
            .filter(move |i| Some(usize::from(self.records[*i as usize].council)) == number)
            .map(|i| self.property(i))
    }

    /// REG-1: the number given must be the property's own.
    pub fn account_matches(property: &Property, given: &CouncilTaxAccount) -> bool {
        property.council_tax_account.expose() == given.expose()
    }
}
