//! Demo properties per council (`assets/gazetteer/<council>.toml`), searched by postcode and
//! house number/name (REG-1, REG-5). Council tax account numbers stay in here: only
//! [`Gazetteer::account_matches`] ever looks at them.
//!
//! Kept compact (issue 20): at 500,000 properties a `Property` of owned strings per property,
//! with its id and postcode copied again into hash maps, took about 300 MB of the server's
//! memory. Here every property's text lives in one string, its council and zone are numbers,
//! and the lookups by id and by postcode are sorted lists of positions: about 90 bytes a
//! property. A [`Property`] is built when asked for.

use permit_rules::{CouncilId, CouncilTaxAccount, Postcode};
use serde::Deserialize;
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    council: String,
    property: Vec<RawProperty>,
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
    /// Positions in `records`, sorted by id (stable: of equal ids the last listed is found).
    by_id: Vec<u32>,
    /// Positions in `records`, sorted by postcode (stable: in the files' order within one).
    by_postcode: Vec<u32>,
    zones: HashMap<CouncilId, HashSet<String>>,
}

/// Builds a [`Gazetteer`] one property at a time.
#[derive(Default)]
struct Builder {
    gazetteer: Gazetteer,
    zone_numbers: HashMap<(u16, String), u16>,
}

impl Builder {
    fn council(&mut self, council: CouncilId) -> Result<u16, String> {
        let councils = &mut self.gazetteer.councils;
        if let Some(n) = councils.iter().position(|c| *c == council) {
            return u16::try_from(n).map_err(|_| "too many councils".to_owned());
        }
        councils.push(council);
        u16::try_from(councils.len() - 1).map_err(|_| "too many councils".to_owned())
    }

    fn add(&mut self, council: u16, raw: RawProperty) -> Result<(), String> {
        let postcode = Postcode::parse(&raw.postcode).map_err(|e| e.to_string())?;
        CouncilTaxAccount::parse(&raw.council_tax_account)
            .map_err(|e| format!("{}: {e}", raw.id))?;
        let zone = match self.zone_numbers.get(&(council, raw.zone.clone())) {
            Some(n) => *n,
            None => {
                let g = &mut self.gazetteer;
                let n = u16::try_from(g.zone_names.len())
                    .map_err(|_| format!("{}: too many zones", raw.id))?;
                g.zone_names.push((council, raw.zone.clone()));
                g.zones
                    .entry(g.councils[usize::from(council)].clone())
                    .or_default()
                    .insert(raw.zone.clone());
                self.zone_numbers.insert((council, raw.zone), n);
                n
            }
        };
        let fields = [
            raw.id.as_str(),
            postcode.as_str(),
            raw.house.as_str(),
            raw.council_tax_account.as_str(),
        ];
        let lines = raw.address.iter().map(String::as_str);
        let text = &mut self.gazetteer.text;
        let start = text.len();
        for (i, field) in fields.into_iter().chain(lines).enumerate() {
            if field.contains(SEP) {
                return Err(format!("{}: a field holds the character U+001F", raw.id));
            }
            if i > 0 {
                text.push(SEP);
            }
            text.push_str(field);
        }
        let offset = |at: usize| u32::try_from(at).map_err(|_| "gazetteer over 4 GB".to_owned());
        self.gazetteer.records.push(Record {
            start: offset(start)?,
            end: offset(text.len())?,
            council,
            zone,
        });
        Ok(())
    }

    fn finish(self) -> Gazetteer {
        let mut g = self.gazetteer;
        g.text.shrink_to_fit();
        g.records.shrink_to_fit();
        let all = 0..u32::try_from(g.records.len()).unwrap_or(u32::MAX);
        let mut by_id: Vec<u32> = all.clone().collect();
        by_id.sort_by(|a, b| g.field(*a, ID).cmp(g.field(*b, ID)));
        let mut by_postcode: Vec<u32> = all.collect();
        by_postcode.sort_by(|a, b| g.field(*a, POSTCODE).cmp(g.field(*b, POSTCODE)));
        g.by_id = by_id;
        g.by_postcode = by_postcode;
        g
    }
}

impl Gazetteer {
    /// Reads every `*.toml` in `dir`; a bad file stops start-up with its name.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let mut builder = Builder::default();
        for path in crate::files::toml_files(dir)? {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file: File =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            drop(text);
            let bad = |what: String| format!("{}: {what}", path.display());
            let council = CouncilId::parse(&file.council).map_err(|e| bad(e.to_string()))?;
            let council = builder.council(council).map_err(bad)?;
            for raw in file.property {
                builder.add(council, raw).map_err(bad)?;
            }
        }
        Ok(builder.finish())
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
        // The last of equal ids, as a later entry replaced an earlier one before.
        let after = self.by_id.partition_point(|i| self.field(*i, ID) <= id);
        let i = *self.by_id.get(after.checked_sub(1)?)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(id: &str, postcode: &str, house: &str, zone: &str) -> RawProperty {
        RawProperty {
            id: id.into(),
            postcode: postcode.into(),
            house: house.into(),
            address: vec![format!("{house} High Street"), "Town".into()],
            council_tax_account: "900000001".into(),
            zone: zone.into(),
        }
    }

    fn built() -> Gazetteer {
        let mut b = Builder::default();
        let h = b
            .council(CouncilId::parse("hampshire").expect("test data"))
            .expect("test data");
        let l = b
            .council(CouncilId::parse("leicester").expect("test data"))
            .expect("test data");
        b.add(h, raw("h-2", "SO23 0AA", "2", "B1"))
            .expect("test data");
        b.add(l, raw("l-1", "le1 6zg", "1a", "A"))
            .expect("test data");
        b.add(h, raw("h-1", "SO23 0AA", "1", "B2"))
            .expect("test data");
        b.add(h, raw("h-10", "SO23 0AA", "10", "B1"))
            .expect("test data");
        b.finish()
    }

    #[test]
    fn a_property_reads_back_as_loaded() {
        let g = built();
        let p = g.get("h-1").expect("test data");
        assert_eq!(p.council.as_str(), "hampshire");
        assert_eq!(p.postcode.as_str(), "SO23 0AA");
        assert_eq!((p.house.as_str(), p.zone.as_str()), ("1", "B2"));
        assert_eq!(p.address, ["1 High Street", "Town"]);
        let account = CouncilTaxAccount::parse("900000001").expect("test data");
        assert!(Gazetteer::account_matches(&p, &account));
        assert_eq!(
            g.get("l-1").expect("test data").postcode.as_str(),
            "LE1 6ZG"
        );
        assert!(g.get("h-3").is_none() && g.get("").is_none() && g.get("z").is_none());
        assert_eq!(g.zone_of("h-10"), Some("B1"));
    }

    #[test]
    fn search_keeps_the_files_order_within_a_postcode() {
        let g = built();
        let postcode = Postcode::parse("SO23 0AA").expect("test data");
        let ids = |house| -> Vec<String> {
            g.search(&postcode, house)
                .into_iter()
                .map(|p| p.id)
                .collect()
        };
        assert_eq!(ids(""), ["h-2", "h-1", "h-10"]);
        assert_eq!(ids("1"), ["h-1", "h-10"]);
        assert!(
            g.search(&Postcode::parse("SO23 0AB").expect("test data"), "")
                .is_empty()
        );
    }

    #[test]
    fn zones_and_councils_are_kept_apart() {
        let g = built();
        let hampshire = CouncilId::parse("hampshire").expect("test data");
        assert!(g.has_zone(&hampshire, "B2") && !g.has_zone(&hampshire, "A"));
        assert_eq!(g.in_council(&hampshire).count(), 3);
        let zones: Vec<_> = g.zones().collect();
        assert_eq!(zones[1], ("l-1", "leicester", "A"));
    }

    #[test]
    fn a_later_entry_with_the_same_id_wins() {
        let mut b = Builder::default();
        let h = b
            .council(CouncilId::parse("hampshire").expect("test data"))
            .expect("test data");
        b.add(h, raw("h-1", "SO23 0AA", "1", "B1"))
            .expect("test data");
        b.add(h, raw("h-1", "SO23 0AA", "1", "B9"))
            .expect("test data");
        assert_eq!(b.finish().zone_of("h-1"), Some("B9"));
    }
}
