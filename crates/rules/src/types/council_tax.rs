use super::ParseError;

/// A council tax account number (REG-1). It is verified against the property, stored, and
/// never shown back in full: `Display`, `Debug` and [`CouncilTaxAccount::masked`] all mask it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CouncilTaxAccount(String);

impl CouncilTaxAccount {
    /// 8 to 10 digits, as printed on the bill; spaces are ignored.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if (8..=10).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(Self(digits))
        } else {
            Err(ParseError::CouncilTaxAccount)
        }
    }

    /// All but the last 3 digits hidden: "*****678".
    pub fn masked(&self) -> String {
        let keep = 3;
        let hidden = self.0.len().saturating_sub(keep);
        format!("{}{}", "*".repeat(hidden), &self.0[hidden..])
    }

    /// The full number, for comparing with the council's record; never for a response or log.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for CouncilTaxAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CouncilTaxAccount({})", self.masked())
    }
}

impl std::fmt::Display for CouncilTaxAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reg1_account_number_is_never_shown_in_full() {
        let account = CouncilTaxAccount::parse("1234 5678").expect("valid");
        assert_eq!(account.masked(), "*****678");
        assert_eq!(account.to_string(), "*****678");
        assert!(!format!("{account:?}").contains("12345"));
        assert_eq!(
            CouncilTaxAccount::parse("1234567"),
            Err(ParseError::CouncilTaxAccount)
        );
        assert_eq!(
            CouncilTaxAccount::parse("12345678A"),
            Err(ParseError::CouncilTaxAccount)
        );
    }
}
