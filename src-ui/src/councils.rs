//! The councils' schemes, embedded from `assets/councils` at build time (`build.rs` reads each
//! file as the server does and writes it out as Rust code that builds its `Scheme`), so the UI
//! can show prices, allowances and the booking horizon before asking the server.

use permit_rules::scheme::{
    Allowance, DurationOption, PermitCategory, PhoneLine, Product, Records, RefundPolicy,
    Registration, RegistrationMethod, ReviewDesk, Sms, StayKind, Stays, VehiclePermit,
    VisitorBundle, VrmChange,
};
use permit_rules::{CouncilId, Pence, Scheme};
use std::str::FromStr;
use std::sync::LazyLock;

include!(concat!(env!("OUT_DIR"), "/councils.rs"));

/// A text of the generated code.
fn s(text: &str) -> String {
    text.to_owned()
}

/// An id of the generated code, parsed as the file's was in build.rs.
fn id<T: FromStr>(raw: &str) -> Option<T> {
    raw.parse().ok()
}

/// The schemes, built on first use and kept: pages ask on every render.
static SCHEMES: LazyLock<Vec<Scheme>> =
    LazyLock::new(|| COUNCILS.iter().filter_map(|council| council()).collect());

/// Every council this build knows, in file order. A file that does not parse is left out: the
/// server refuses to start with one, so it cannot be a council residents can use.
pub fn all() -> &'static [Scheme] {
    &SCHEMES
}

/// One council's scheme by id.
pub fn find(id: &CouncilId) -> Option<&'static Scheme> {
    all().iter().find(|s| &s.id == id)
}

/// Whether a council offers the page at `path`: visitor stays and permits for a vehicle are
/// not offered everywhere (Leicester has no visitor stays; Hampshire sells no vehicle permits),
/// and its menu shows only what it offers.
pub fn offers_page(scheme: &Scheme, path: &str) -> bool {
    match path {
        "/activate" | "/stays" | "/stays/past" => {
            scheme.stays.is_some() && scheme.visitor_products().next().is_some()
        }
        "/permits" => scheme
            .products
            .iter()
            .any(|p| matches!(p, Product::VehiclePermit(_))),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_council_offers_only_the_pages_it_has() {
        let offered = |council: &str| -> Vec<&str> {
            let scheme = find(&CouncilId::parse(council).expect("id")).expect("council");
            ["/buy", "/activate", "/stays", "/permits", "/payments"]
                .into_iter()
                .filter(|p| offers_page(scheme, p))
                .collect()
        };
        assert_eq!(offered("leicester"), ["/buy", "/permits", "/payments"]);
        assert_eq!(
            offered("hampshire"),
            ["/buy", "/activate", "/stays", "/payments"]
        );
        assert_eq!(
            offered("leicestershire"),
            ["/buy", "/activate", "/stays", "/permits", "/payments"]
        );
    }
    use std::path::PathBuf;

    fn council_files() -> Vec<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../assets/councils");
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("assets/councils")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn every_council_file_is_embedded() {
        assert_eq!(all().len(), COUNCILS.len());
        assert_eq!(all().len(), council_files().len());
        let hampshire = CouncilId::parse("hampshire").expect("id");
        assert_eq!(
            find(&hampshire).map(|s| s.name.as_str()),
            Some("Hampshire County Council")
        );
    }

    /// The generated schemes are exactly what the server reads from the TOML files, but for
    /// the maintainers' `[assumptions]` notes, which build.rs leaves out.
    #[test]
    fn embedded_schemes_are_the_schemes_the_server_reads() {
        let from_toml: Vec<Scheme> = council_files()
            .iter()
            .map(|path| {
                let text = std::fs::read_to_string(path).expect("readable");
                let scheme =
                    Scheme::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert!(!scheme.assumptions.is_empty(), "{}", path.display());
                Scheme {
                    assumptions: Default::default(),
                    ..scheme
                }
            })
            .collect();
        assert_eq!(all(), from_toml.as_slice());
        assert!(all().iter().all(|scheme| scheme.assumptions.is_empty()));
    }
}
