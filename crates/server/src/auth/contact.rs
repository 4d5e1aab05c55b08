use crate::error::ApiError;
use permit_rules::{Email, MobileNumber};

/// An email address or a UK mobile number, normalised the way accounts store them.
pub fn normalise_contact(field: &'static str, raw: &str) -> Result<String, ApiError> {
    if raw.contains('@') {
        Email::parse(raw)
            .map(|e| e.as_str().to_owned())
            .map_err(|e| ApiError::parse(field, &e))
    } else {
        MobileNumber::parse(raw)
            .map(|m| m.as_str().to_owned())
            .map_err(|e| ApiError::parse(field, &e))
    }
}
