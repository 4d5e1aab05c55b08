//! The name a resident gives a saved visitor vehicle ("Mum", "Carer – Tues"), shown beside its
//! plate on Activate. Optional: a blank name is no name, and the plate stands alone.

use super::{ParseError, string_newtype_serde};

/// Long enough for "Carer (Tuesdays and Fridays)", short enough to sit beside a plate on a
/// 390 px screen and in a one-tap button.
pub const MAX_NICKNAME_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nickname(String);

impl Nickname {
    /// Trims it; blank is `None`; too long or holding control characters (line breaks, tabs)
    /// is refused. Any other character, accents and dashes included, is the resident's.
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, ParseError> {
        let Some(trimmed) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        Self::parse(trimmed).map(Some)
    }

    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        if trimmed.chars().count() > MAX_NICKNAME_CHARS {
            return Err(ParseError::NicknameTooLong(MAX_NICKNAME_CHARS));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(ParseError::NicknameCharacter);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype_serde!(Nickname);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act3_nickname_is_trimmed_and_blank_is_none() {
        assert_eq!(Nickname::parse_optional(Some("  ")), Ok(None));
        assert_eq!(Nickname::parse_optional(None), Ok(None));
        assert_eq!(
            Nickname::parse_optional(Some(" Carer – Tues ")).map(|n| n.map(|n| n.0)),
            Ok(Some("Carer – Tues".to_owned()))
        );
    }

    #[test]
    fn act3_nickname_has_a_length_limit_counted_in_characters() {
        let longest = "é".repeat(MAX_NICKNAME_CHARS);
        assert!(Nickname::parse(&longest).is_ok());
        assert_eq!(
            Nickname::parse(&format!("{longest}a")),
            Err(ParseError::NicknameTooLong(MAX_NICKNAME_CHARS))
        );
        assert_eq!(
            Nickname::parse("Mum\nDad"),
            Err(ParseError::NicknameCharacter)
        );
    }
}
