use super::{ParseError, string_newtype_serde};

/// Identifiers that come from data files and URLs: lower-case letters, digits and hyphens,
/// starting with a letter, at most 40 characters.
fn parse_slug(raw: &str, what: &'static str) -> Result<String, ParseError> {
    let trimmed = raw.trim();
    let valid = (1..=40).contains(&trimmed.len())
        && trimmed.starts_with(|c: char| c.is_ascii_lowercase())
        && trimmed
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(trimmed.to_owned())
    } else {
        Err(ParseError::Slug(raw.to_owned(), what))
    }
}

macro_rules! slug_newtype {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, ParseError> {
                parse_slug(raw, $what).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        string_newtype_serde!($name);
    };
}

slug_newtype!(
    /// A council's scheme id, the name of its file under `assets/councils/` ("hampshire").
    CouncilId,
    "council id"
);

slug_newtype!(
    /// A product a council sells, as named in its scheme ("visitor-bundle", "resident").
    PermitType,
    "permit type"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words() {
        assert!(CouncilId::parse("leicestershire").is_ok());
        assert!(PermitType::parse("annual-visitor-care").is_ok());
        assert_eq!(
            CouncilId::parse("Hampshire"),
            Err(ParseError::Slug("Hampshire".into(), "council id"))
        );
        assert!(CouncilId::parse("").is_err());
        assert!(PermitType::parse("1-bundle").is_err());
        assert!(PermitType::parse("../etc").is_err());
    }
}
