use super::{ParseError, compact_upper, string_newtype_serde};

/// A UK postcode, stored in its canonical form: upper case, one space before the inward code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(String);

impl Postcode {
    /// Accepts "le16zg", "LE1 6ZG", " le1  6zg ".
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let compact = compact_upper(raw);
        let bad = || ParseError::Postcode(raw.trim().to_owned());
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(bad());
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        if !valid_inward(inward) || !valid_outward(outward) {
            return Err(bad());
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn shape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_alphabetic() {
                'A'
            } else {
                '?'
            }
        })
        .collect()
}

fn valid_inward(inward: &str) -> bool {
    shape(inward) == "9AA"
}

fn valid_outward(outward: &str) -> bool {
    matches!(
        shape(outward).as_str(),
        "A9" | "A99" | "A9A" | "AA9" | "AA99" | "AA9A"
    )
}

string_newtype_serde!(Postcode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_normalised() {
        assert_eq!(
            Postcode::parse(" le16zg ").map(|p| p.0),
            Ok("LE1 6ZG".into())
        );
        assert_eq!(
            Postcode::parse("SO23 8UJ").map(|p| p.0),
            Ok("SO23 8UJ".into())
        );
        assert_eq!(Postcode::parse("w1a1aa").map(|p| p.0), Ok("W1A 1AA".into()));
        assert_eq!(
            Postcode::parse("CB3 0AP").map(|p| p.0),
            Ok("CB3 0AP".into())
        );
    }

    #[test]
    fn other_shapes_are_refused() {
        for bad in ["", "LE1", "LE1 6Z9", "1E1 6ZG", "LE123 6ZG", "LE1-6ZG"] {
            assert!(Postcode::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
