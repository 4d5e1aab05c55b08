//! Demo properties per council (`assets/gazetteer/<council>.toml`), searched by postcode and
//! house number/name (REG-1, REG-5). Council tax account numbers stay in here: only
//! [`Gazetteer::account_matches`] ever looks at them.

use permit_rules::{CouncilId, CouncilTaxAccount, Postcode};
use serde::Deserialize;
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

#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    properties: Vec<Property>,
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
        Ok(Self { properties })
    }

    /// Properties at `postcode` whose house number/name starts with `house` (case-insensitive);
    /// an empty `house` lists the whole postcode.
    pub fn search(&self, postcode: &Postcode, house: &str) -> Vec<&Property> {
        let house = house.trim().to_lowercase();
        self.properties
            .iter()
            .filter(|p| &p.postcode == postcode && p.house.to_lowercase().starts_with(&house))
            .collect()
    }

    pub fn get(&self, id: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.id == id)
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
