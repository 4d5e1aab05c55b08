use super::ParseError;

/// A login PIN as typed by the resident: exactly 6 digits (REG-2). `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.len() == 6 && compact.chars().all(|c| c.is_ascii_digit()) {
            Ok(Self(compact))
        } else {
            Err(ParseError::Pin)
        }
    }

    /// The digits, for hashing or comparing; never for logging.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(******)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reg2_pin_is_six_digits_and_never_debug_printed() {
        let pin = Pin::parse("123 456").expect("valid pin");
        assert_eq!(pin.expose(), "123456");
        assert_eq!(format!("{pin:?}"), "Pin(******)");
        for bad in ["12345", "1234567", "12345a", ""] {
            assert_eq!(Pin::parse(bad), Err(ParseError::Pin), "{bad}");
        }
    }
}
