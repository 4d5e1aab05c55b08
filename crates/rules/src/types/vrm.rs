use super::{ParseError, compact_upper, string_newtype_serde};

/// A vehicle registration mark as the DVLA issues them: upper case, no spaces (ACT-3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Vrm(String);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Letters(usize),
    Digits(usize),
}

impl Vrm {
    /// An optional field: absent or blank is no vehicle, anything else must be a plate.
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, ParseError> {
        raw.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(Self::parse)
            .transpose()
    }

    /// Accepts what people type ("ab12 cde", " AB12CDE ") and refuses anything that is not one
    /// of the UK formats: current (AB12 CDE), prefix (A123 BCD), suffix (ABC 123D) and dateless
    /// or Northern Irish (1234 AB, AB 1234, ABZ 1234).
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let compact = compact_upper(raw);
        if compact.is_empty() {
            return Err(ParseError::VrmEmpty);
        }
        if let Some(bad) = compact.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(ParseError::VrmCharacter(bad));
        }
        if compact.len() > 7 {
            return Err(ParseError::VrmTooLong(compact));
        }
        if !is_uk_format(&runs(&compact)) {
            return Err(ParseError::VrmFormat(compact));
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The registration as printed on a number plate: "AB12 CDE", "A123 BCD", "ABC 123D",
    /// "1234 AB". Stored and compared in the compact form; this is for people.
    pub fn spaced(&self) -> String {
        let runs = runs(&self.0);
        let split = match runs.as_slice() {
            // Current and prefix plates: the last three letters stand apart.
            [.., Run::Letters(3)] if runs.len() == 3 => self.0.len() - 3,
            // Suffix plates: the first three letters stand apart.
            [Run::Letters(3), _, _] => 3,
            [Run::Letters(n) | Run::Digits(n), _] => *n,
            _ => return self.0.clone(),
        };
        format!("{} {}", &self.0[..split], &self.0[split..])
    }
}

fn runs(s: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for c in s.chars() {
        let letter = c.is_ascii_alphabetic();
        match (out.last_mut(), letter) {
            (Some(Run::Letters(n)), true) | (Some(Run::Digits(n)), false) => *n += 1,
            (_, true) => out.push(Run::Letters(1)),
            (_, false) => out.push(Run::Digits(1)),
        }
    }
    out
}

fn is_uk_format(runs: &[Run]) -> bool {
    use Run::{Digits as D, Letters as L};
    match *runs {
        // Current (2001 on): two letters, two digits, three letters.
        [L(2), D(2), L(3)] => true,
        // Prefix (1983-2001): one letter, 1-3 digits, three letters.
        [L(1), D(1..=3), L(3)] => true,
        // Suffix (1963-1983): three letters, 1-3 digits, one letter.
        [L(3), D(1..=3), L(1)] => true,
        // Dateless and Northern Irish: 1-4 digits and 1-3 letters, either way round.
        [D(1..=4), L(1..=3)] | [L(1..=3), D(1..=4)] => true,
        _ => false,
    }
}

string_newtype_serde!(Vrm);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act3_vrm_is_upper_cased_and_spaces_removed() {
        assert_eq!(Vrm::parse(" ab12 cde ").map(|v| v.0), Ok("AB12CDE".into()));
    }

    #[test]
    fn act3_vrm_accepts_every_uk_format() {
        for ok in [
            "AB12CDE", "A123BCD", "A1BCD", "ABC123D", "1234AB", "AB1234", "ABZ1234", "A1",
        ] {
            assert!(Vrm::parse(ok).is_ok(), "{ok} should parse");
        }
    }

    #[test]
    fn act3_vrm_is_shown_as_on_the_plate() {
        for (raw, shown) in [
            ("ab12cde", "AB12 CDE"),
            ("A123BCD", "A123 BCD"),
            ("ABC123D", "ABC 123D"),
            ("1234AB", "1234 AB"),
            ("ABZ1234", "ABZ 1234"),
        ] {
            assert_eq!(
                Vrm::parse(raw).map(|v| v.spaced()),
                Ok(shown.to_owned()),
                "{raw}"
            );
        }
    }

    #[test]
    fn act3_vrm_refuses_other_shapes_with_a_specific_error() {
        assert_eq!(Vrm::parse("   "), Err(ParseError::VrmEmpty));
        assert_eq!(Vrm::parse("AB12-CDE"), Err(ParseError::VrmCharacter('-')));
        assert_eq!(
            Vrm::parse("AB12CDEF"),
            Err(ParseError::VrmTooLong("AB12CDEF".into()))
        );
        assert_eq!(
            Vrm::parse("ABCDEFG"),
            Err(ParseError::VrmFormat("ABCDEFG".into()))
        );
        assert_eq!(
            Vrm::parse("12345"),
            Err(ParseError::VrmFormat("12345".into()))
        );
        assert_eq!(
            Vrm::parse("AB12CD3"),
            Err(ParseError::VrmFormat("AB12CD3".into()))
        );
    }
}
