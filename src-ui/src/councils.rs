//! The councils' schemes, embedded from `assets/councils` at build time (see `build.rs`), so
//! the UI can show prices, allowances and the booking horizon before asking the server.

use permit_rules::{CouncilId, Scheme};

include!(concat!(env!("OUT_DIR"), "/councils.rs"));

/// Every council this build knows, in file order. A file that does not parse is left out: the
/// server refuses to start with one, so it cannot be a council residents can use.
pub fn all() -> Vec<Scheme> {
    COUNCIL_FILES
        .iter()
        .filter_map(|text| Scheme::from_toml(text).ok())
        .collect()
}

/// One council's scheme by id.
pub fn find(id: &CouncilId) -> Option<Scheme> {
    all().into_iter().find(|s| &s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_council_file_parses() {
        assert_eq!(all().len(), COUNCIL_FILES.len());
        let hampshire = CouncilId::parse("hampshire").expect("id");
        assert_eq!(
            find(&hampshire).map(|s| s.name),
            Some("Hampshire County Council".to_owned())
        );
    }
}
