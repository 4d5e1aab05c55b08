//! Linked contacts (REG-2, ACT-4): the new email or mobile, then the code sent to it.

use super::FormErrors;
use crate::model::ApiError;
use permit_api_types::ContactKind;
use permit_rules::{Email, MobileNumber};

/// What a contact page asks for, in words, and where it lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactWords {
    pub kind: ContactKind,
    /// "mobile number" / "email address".
    pub noun: &'static str,
    /// The page asking for it.
    pub path: &'static str,
    /// The page asking for its code.
    pub code_path: &'static str,
}

impl ContactWords {
    pub const MOBILE: Self = Self {
        kind: ContactKind::Mobile,
        noun: "mobile number",
        path: "/account/mobile",
        code_path: "/account/mobile/code",
    };
    pub const EMAIL: Self = Self {
        kind: ContactKind::Email,
        noun: "email address",
        path: "/account/email",
        code_path: "/account/email/code",
    };

    /// The new contact as the server stores it, or the message for the field.
    pub fn parse(&self, raw: &str) -> Result<String, FormErrors> {
        let raw = raw.trim();
        let parsed = match self.kind {
            ContactKind::Mobile => MobileNumber::parse(raw).map(|m| m.as_str().to_owned()),
            ContactKind::Email => Email::parse(raw).map(|e| e.as_str().to_owned()),
        };
        parsed.map_err(|_| {
            let mut errors = FormErrors::new();
            let example = match self.kind {
                ContactKind::Mobile => "a UK mobile number, like 07700 900123",
                ContactKind::Email => "an email address, like name@example.com",
            };
            errors.add("contact", format!("Enter {example}."));
            errors
        })
    }

    /// What the account page says once the contact is linked.
    pub fn linked(&self) -> String {
        match self.kind {
            ContactKind::Mobile => {
                "Your mobile number is linked. Texts from it now book visitor stays.".to_owned()
            }
            ContactKind::Email => {
                "Your email address is linked. Log in with it from now on.".to_owned()
            }
        }
    }
}

/// The confirmation code: 6 digits, spaces allowed as typed from a message.
pub fn parse_code(raw: &str) -> Result<String, FormErrors> {
    let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) {
        return Ok(code);
    }
    let mut errors = FormErrors::new();
    errors.add("code", "Enter the 6-digit code we sent.");
    Err(errors)
}

/// The server's answer to a code: a wrong code and a lockout go next to the code field.
pub fn code_errors(error: &ApiError) -> FormErrors {
    let mut errors = FormErrors::new();
    match error.code.as_str() {
        "code_invalid" | "too_many_attempts" => errors.add("code", error.message.clone()),
        _ => return FormErrors::from_api(error, &["code", "contact"]),
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reg2_a_new_mobile_is_read_as_the_server_stores_it() {
        let mobile = ContactWords::MOBILE
            .parse(" 07700 900123 ")
            .expect("mobile");
        assert_eq!(mobile, "+447700900123");
        let errors = ContactWords::MOBILE
            .parse("sam@example.org")
            .expect_err("an email on the mobile page");
        assert!(errors.for_field("contact").is_some());
        assert!(ContactWords::EMAIL.parse("sam@example.org").is_ok());
    }

    #[test]
    fn reg2_the_code_is_six_digits_and_a_wrong_one_goes_next_to_it() {
        assert_eq!(parse_code("123 456").as_deref(), Ok("123456"));
        assert!(parse_code("12345").is_err());
        assert!(parse_code("abcdef").is_err());
        let wrong = ApiError::new("code_invalid", "That code is not right.");
        assert_eq!(
            code_errors(&wrong).for_field("code").as_deref(),
            Some("That code is not right.")
        );
    }
}
