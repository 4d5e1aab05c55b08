//! A council's scheme: everything its help pages state (and what we had to assume), read from
//! `assets/councils/<id>.toml`. A new council is a new file, not new code.

mod model;
mod validate;

pub use model::*;

use crate::types::{CouncilId, PermitType};
use thiserror::Error;

/// Why a council file cannot be used. Raised at start-up, never in a request.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SchemeError {
    #[error("the council file is not valid TOML for a scheme: {0}")]
    Syntax(String),
    #[error("council '{council}': {problem}")]
    Invalid { council: CouncilId, problem: String },
}

impl Scheme {
    /// Parses and checks one council file.
    pub fn from_toml(text: &str) -> Result<Self, SchemeError> {
        let scheme: Scheme =
            toml::from_str(text).map_err(|e| SchemeError::Syntax(e.to_string()))?;
        scheme.validated()
    }

    /// Checks a scheme built or deserialized some other way, as `from_toml` does.
    pub fn validated(self) -> Result<Self, SchemeError> {
        validate::check(&self).map_err(|problem| SchemeError::Invalid {
            council: self.id.clone(),
            problem,
        })?;
        Ok(self)
    }

    pub fn product(&self, id: &PermitType) -> Option<&Product> {
        self.products.iter().find(|p| p.id() == id)
    }

    /// Whether buying this permit needs evidence an officer reviews (AVP-1).
    pub fn needs_evidence(&self, id: &PermitType) -> bool {
        matches!(self.product(id), Some(Product::VehiclePermit(v)) if !v.evidence.is_empty())
    }

    /// The visitor-permit products, for choosing which one a stay uses (ACT-3).
    pub fn visitor_products(&self) -> impl Iterator<Item = &VisitorBundle> {
        self.products.iter().filter_map(|p| match p {
            Product::VisitorBundle(b) => Some(b),
            Product::VehiclePermit(_) => None,
        })
    }
}
