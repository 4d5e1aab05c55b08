//! What the resident types, parsed once at the edge with the rules crate's newtypes, so the
//! service only ever holds valid values.

use chrono::{DateTime, Utc};
use permit_api_types::app::BookingOptions;
use permit_rules::{CouncilId, Email, MobileNumber, ParseError, PermitType, Pin, Plate};
use std::fmt;

/// A registered email address or UK mobile number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    Email(Email),
    Mobile(MobileNumber),
}

impl Contact {
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        if raw.contains('@') {
            Email::parse(raw).map(Self::Email)
        } else {
            MobileNumber::parse(raw).map(Self::Mobile)
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Email(email) => email.as_str(),
            Self::Mobile(mobile) => mobile.as_str(),
        }
    }
}

impl fmt::Display for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request for a PIN (REG-2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinRequest {
    pub council: CouncilId,
    pub contact: Contact,
}

/// A PIN login (REG-2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub council: CouncilId,
    pub contact: Contact,
    pub pin: Pin,
}

/// An input that did not parse, with the field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidInput {
    pub field: &'static str,
    pub error: ParseError,
}

/// Names the field a parse error came from.
pub(crate) fn field<T>(
    name: &'static str,
    parsed: Result<T, ParseError>,
) -> Result<T, InvalidInput> {
    parsed.map_err(|error| InvalidInput { field: name, error })
}

impl PinRequest {
    pub fn parse(council: &str, contact: &str) -> Result<Self, InvalidInput> {
        Ok(Self {
            council: field("council", CouncilId::parse(council))?,
            contact: field("contact", Contact::parse(contact))?,
        })
    }
}

impl Login {
    pub fn parse(council: &str, contact: &str, pin: &str) -> Result<Self, InvalidInput> {
        let PinRequest { council, contact } = PinRequest::parse(council, contact)?;
        Ok(Self {
            council,
            contact,
            pin: field("pin", Pin::parse(pin))?,
        })
    }
}

/// A visitor stay to book (ACT-1 to ACT-3). The server applies the council's horizon and
/// durations; the app only makes sure the values are well-formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayBooking {
    /// A UK registration, or one the resident said is not.
    pub vrm: Plate,
    pub permit_type: Option<PermitType>,
    /// Absent: now.
    pub start: Option<DateTime<Utc>>,
    pub duration_minutes: Option<u32>,
    /// A multi-day visit's days and "yes" to the overlap question.
    pub options: BookingOptions,
}

impl StayBooking {
    pub fn parse(
        vrm: &str,
        permit_type: Option<&str>,
        start: Option<DateTime<Utc>>,
        duration_minutes: Option<u32>,
        options: BookingOptions,
    ) -> Result<Self, InvalidInput> {
        Ok(Self {
            vrm: field("vrm", Plate::parse(vrm, options.non_uk_plate))?,
            permit_type: permit_type
                .map(|t| field("permit_type", PermitType::parse(t)))
                .transpose()?,
            start,
            duration_minutes,
            options,
        })
    }
}

pub use permit_api_types::app::ProofUpload;

/// The client's key for one purchase: a retry with the same key never pays twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Result<Self, InvalidInput> {
        let key = raw.trim();
        // It travels in a header: plain lower-case letters, digits and hyphens (a UUID fits).
        let valid = (8..=100).contains(&key.len())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if valid {
            Ok(Self(key.to_owned()))
        } else {
            Err(InvalidInput {
                field: "idempotency_key",
                error: ParseError::Slug(raw.to_owned(), "idempotency key"),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idempotency_key_is_a_plain_token() {
        assert!(IdempotencyKey::parse("0b6f1c1e-7a8e-4f57-a0a5-4a3e2e2d9b11").is_ok());
        assert!(IdempotencyKey::parse("short").is_err());
        assert!(IdempotencyKey::parse("ui-18c2f-3a9b7").is_ok());
        assert!(IdempotencyKey::parse("has spaces in it").is_err());
    }

    #[test]
    fn contact_is_an_email_or_a_mobile() {
        assert!(matches!(
            Contact::parse("ada@example.org"),
            Ok(Contact::Email(_))
        ));
        assert!(matches!(
            Contact::parse("07700 900123"),
            Ok(Contact::Mobile(_))
        ));
        assert!(Contact::parse("ada").is_err());
    }

    #[test]
    fn login_names_the_field_at_fault() {
        let bad_pin = Login::parse("hampshire", "ada@example.org", "12ab").expect_err("bad pin");
        assert_eq!(bad_pin.field, "pin");
        let bad_council =
            Login::parse("Hampshire!", "ada@example.org", "123456").expect_err("bad council");
        assert_eq!(bad_council.field, "council");
    }
}
