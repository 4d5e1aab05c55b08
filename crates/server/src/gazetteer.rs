//! Demo properties per council (`assets/gazetteer/<council>.toml`), searched by postcode and
//! house number/name (REG-1, REG-5). Council tax account numbers stay in here: only
//! [`Gazetteer::account_matches`] ever looks at them.

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

/// Indexed at load: the enforcement check asks about zones and registration about ids and
/// postcodes on every request, and a council's gazetteer holds tens of thousands of properties.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    properties: Vec<Property>,
    by_id: HashMap<String, usize>,
    by_postcode: HashMap<Postcode, Vec<usize>>,
    zones: HashMap<CouncilId, HashSet<String>>,
}

impl Gazetteer {
    /// Reads every `*.toml` in `dir`; a bad file stops start-up with its name.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let mut properties = Vec::new();
        for path in crate::files::toml_files(dir)? {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file: File =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let bad = |what: String| format!("{}: {what}", path.display());
            let council = CouncilId::parse(&file.council).map_err(|e| bad(e.to_string()))?;
            for raw in file.property {
                properties.push(Property {
                    postcode: Postcode::parse(&raw.postcode).map_err(|e| bad(e.to_string()))?,
                    council_tax_account: CouncilTaxAccount::parse(&raw.council_tax_account)
                        .map_err(|e| bad(format!("{}: {e}", raw.id)))?,
                    council: council.clone(),
                    id: raw.id,
                    house: raw.house,
                    address: raw.address,
                    zone: raw.zone,
                });
            }
        }
        Ok(Self::index(properties))
    }

    fn index(properties: Vec<Property>) -> Self {
        let mut gazetteer = Self::default();
        for (i, p) in properties.iter().enumerate() {
            gazetteer.by_id.insert(p.id.clone(), i);
            gazetteer
                .by_postcode
                .entry(p.postcode.clone())
                .or_default()
                .push(i);
            gazetteer
                .zones
                .entry(p.council.clone())
                .or_default()
                .insert(p.zone.clone());
        }
        gazetteer.properties = properties;
        gazetteer
    }

    /// Properties at `postcode` whose house number/name starts with `house` (case-insensitive);
    /// an empty `house` lists the whole postcode.
    pub fn search(&self, postcode: &Postcode, house: &str) -> Vec<&Property> {
        let house = house.trim().to_lowercase();
        self.by_postcode
            .get(postcode)
            .into_iter()
            .flatten()
            .map(|&i| &self.properties[i])
            .filter(|p| p.house.to_lowercase().starts_with(&house))
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<&Property> {
        self.by_id.get(id).map(|&i| &self.properties[i])
    }

    /// Whether `zone` is one of the council's parking zones.
    pub fn has_zone(&self, council: &CouncilId, zone: &str) -> bool {
        self.zones
            .get(council)
            .is_some_and(|zones| zones.contains(zone))
    }

    pub fn all(&self) -> impl Iterator<Item = &Property> {
        self.properties.iter()
    }

    pub fn in_council<'a>(&'a self, council: &'a CouncilId) -> impl Iterator<Item = &'a Property> {
        self.properties
            .iter()
            .filter(move |p| &p.council == council)
    }

    /// REG-1: the number given must be the property's own.
    pub fn account_matches(property: &Property, given: &CouncilTaxAccount) -> bool {
        property.council_tax_account.expose() == given.expose()
    }
}
