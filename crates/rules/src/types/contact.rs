use super::{ParseError, string_newtype_serde};

/// An email address to send PINs and decisions to (REG-2). Checked for shape only: whether it
/// is real shows when the PIN arrives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let trimmed = raw.trim();
        let bad = || ParseError::Email(trimmed.to_owned());
        let (local, domain) = trimmed.rsplit_once('@').ok_or_else(bad)?;
        let valid = !local.is_empty()
            && trimmed.len() <= 254
            && !local.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !trimmed.chars().any(|c| c.is_whitespace() || c.is_control());
        if !valid {
            return Err(bad());
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A UK mobile number, stored as E.164 (+447700900123): PINs and text activations use it
/// (REG-2, ACT-4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MobileNumber(String);

impl MobileNumber {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let digits: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
            .collect();
        let national = digits
            .strip_prefix("+44")
            .or_else(|| digits.strip_prefix("0044"))
            .or_else(|| digits.strip_prefix("44"))
            .map(|rest| rest.strip_prefix('0').unwrap_or(rest))
            .or_else(|| digits.strip_prefix('0'));
        match national {
            Some(n)
                if n.len() == 10 && n.starts_with('7') && n.chars().all(|c| c.is_ascii_digit()) =>
            {
                Ok(Self(format!("+44{n}")))
            }
            _ => Err(ParseError::Mobile(raw.trim().to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype_serde!(Email);
string_newtype_serde!(MobileNumber);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_keep_their_local_part_and_lower_case_the_domain() {
        assert_eq!(
            Email::parse(" Jo.Bloggs@Example.ORG ").map(|e| e.0),
            Ok("Jo.Bloggs@example.org".into())
        );
        for bad in [
            "",
            "jo",
            "jo@",
            "@example.org",
            "jo@example",
            "jo bloggs@example.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn mobiles_are_stored_as_e164() {
        for ok in [
            "07700 900123",
            "+44 7700 900123",
            "0044(0)7700900123",
            "447700900123",
        ] {
            assert_eq!(
                MobileNumber::parse(ok).map(|m| m.0),
                Ok("+447700900123".into()),
                "{ok}"
            );
        }
        for bad in [
            "01632 960123",
            "0770090012",
            "+1 202 555 0100",
            "07700 90012x",
        ] {
            assert!(MobileNumber::parse(bad).is_err(), "{bad} should be refused");
        }
    }
}
