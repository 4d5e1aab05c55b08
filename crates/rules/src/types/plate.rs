//! A visitor's number plate: a UK registration, or, by the resident's explicit "not a UK
//! registration" choice, a foreign one with looser checks (issue 13: non-UK plates).

use super::{ParseError, Vrm, compact_upper, string_newtype_serde};

/// A registration from outside the UK: its letters and digits, upper case, with the spaces and
/// hyphens people type between groups taken out. No national format is checked (there are too
/// many), but it is still bounded: 2 to 10 ASCII letters and digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ForeignPlate(String);

impl ForeignPlate {
    pub const MIN_LEN: usize = 2;
    pub const MAX_LEN: usize = 10;

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let compact: String = compact_upper(raw).chars().filter(|c| *c != '-').collect();
        if compact.is_empty() {
            return Err(ParseError::VrmEmpty);
        }
        if let Some(bad) = compact.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(ParseError::VrmCharacter(bad));
        }
        if compact.len() > Self::MAX_LEN {
            return Err(ParseError::ForeignPlateTooLong(compact));
        }
        if compact.len() < Self::MIN_LEN {
            return Err(ParseError::ForeignPlateTooShort(compact));
        }
        Ok(Self(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype_serde!(ForeignPlate);

/// The plate a stay is booked for: which kind is the resident's choice, never guessed, so a
/// mistyped UK plate is refused rather than taken as foreign.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plate {
    Uk(Vrm),
    NonUk(ForeignPlate),
}

impl Plate {
    /// `non_uk` is the "not a UK registration" choice.
    pub fn parse(raw: &str, non_uk: bool) -> Result<Self, ParseError> {
        if non_uk {
            ForeignPlate::parse(raw).map(Self::NonUk)
        } else {
            Vrm::parse(raw).map(Self::Uk)
        }
    }

    /// Stored and compared in this compact form.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Uk(vrm) => vrm.as_str(),
            Self::NonUk(plate) => plate.as_str(),
        }
    }

    pub fn is_uk(&self) -> bool {
        matches!(self, Self::Uk(_))
    }

    /// For people: a UK plate spaced as printed, a foreign one as stored, marked as such.
    pub fn shown(&self) -> String {
        match self {
            Self::Uk(vrm) => vrm.spaced(),
            Self::NonUk(plate) => format!("{} (not a UK registration)", plate.as_str()),
        }
    }
}

/// As stored, a non-UK plate marked as such ("MAB1234E (not a UK registration)").
impl std::fmt::Display for Plate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Uk(vrm) => vrm.fmt(f),
            Self::NonUk(plate) => write!(f, "{plate} (not a UK registration)"),
        }
    }
}

impl From<Vrm> for Plate {
    fn from(vrm: Vrm) -> Self {
        Self::Uk(vrm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act3_non_uk_plate_is_compacted_and_bounded() {
        assert_eq!(
            ForeignPlate::parse(" b-mw 1234 ").map(|p| p.0),
            Ok("BMW1234".into())
        );
        assert_eq!(
            ForeignPlate::parse("AB1234CD56X"),
            Err(ParseError::ForeignPlateTooLong("AB1234CD56X".into()))
        );
        assert_eq!(
            ForeignPlate::parse("A"),
            Err(ParseError::ForeignPlateTooShort("A".into()))
        );
        assert_eq!(
            ForeignPlate::parse("AB.12"),
            Err(ParseError::VrmCharacter('.'))
        );
        assert_eq!(ForeignPlate::parse(" - "), Err(ParseError::VrmEmpty));
    }

    #[test]
    fn act3_the_plate_kind_is_the_residents_choice() {
        // A German plate is not a UK registration unless the resident says so.
        assert!(Plate::parse("M-AB 1234E", false).is_err());
        let plate = Plate::parse("M-AB 1234E", true).expect("non-UK");
        assert!(!plate.is_uk());
        assert_eq!(plate.as_str(), "MAB1234E");
        assert_eq!(plate.shown(), "MAB1234E (not a UK registration)");
        let uk = Plate::parse("ab12 cde", false).expect("UK");
        assert!(uk.is_uk());
        assert_eq!(uk.shown(), "AB12 CDE");
    }
}
