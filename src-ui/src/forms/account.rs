//! Registration (REG-1, REG-3, REG-5) and PIN login (REG-2).

use super::FormErrors;
use crate::model::ApiError;
use permit_api_types::RegistrationRequest;
use permit_rules::{Email, MobileNumber, Pin, RegistrationForm, Scheme};

/// What the resident typed on the registration page, kept as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterForm {
    pub property_id: String,
    pub full_name: String,
    pub email: String,
    pub mobile: String,
    pub council_tax_account: String,
}

impl RegisterForm {
    pub const FIELDS: &'static [&'static str] = &[
        "postcode",
        "property_id",
        "full_name",
        "email",
        "mobile",
        "council_tax_account",
    ];

    /// The rules crate's parse (the server's too), every refusal next to its field.
    pub fn parse(&self, scheme: &Scheme) -> Result<RegistrationRequest, FormErrors> {
        let form = RegistrationForm {
            property_id: &self.property_id,
            full_name: &self.full_name,
            email: &self.email,
            mobile: &self.mobile,
            council_tax_account: &self.council_tax_account,
        };
        let new = form.parse(scheme).map_err(|refused| {
            let mut errors = FormErrors::new();
            refused.iter().for_each(|r| errors.add_refusal(r));
            errors
        })?;
        Ok(RegistrationRequest {
            property_id: new.property_id,
            full_name: new.full_name,
            email: new.email.map(|e| e.as_str().to_owned()),
            mobile: new.mobile.map(|m| m.as_str().to_owned()),
            council_tax_account: new.council_tax_account.map(|a| a.expose().to_owned()),
        })
    }
}

/// The login page: the registered email or mobile, then the PIN sent to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginForm {
    pub contact: String,
    pub pin: String,
}

impl LoginForm {
    pub const FIELDS: &'static [&'static str] = &["contact", "pin"];

    /// The contact as the server will read it (REG-2: a registered email or mobile).
    pub fn parse_contact(&self) -> Result<String, FormErrors> {
        let raw = self.contact.trim();
        let parsed = Email::parse(raw)
            .map(|e| e.as_str().to_owned())
            .or_else(|_| MobileNumber::parse(raw).map(|m| m.as_str().to_owned()));
        parsed.map_err(|_| {
            let mut errors = FormErrors::new();
            errors.add(
                "contact",
                "Enter the email address or mobile number you registered with.",
            );
            errors
        })
    }

    pub fn parse(&self) -> Result<(String, Pin), FormErrors> {
        let contact = self.parse_contact();
        let pin = Pin::parse(&self.pin);
        let mut errors = contact.clone().err().unwrap_or_default();
        if let Err(e) = &pin {
            errors.add("pin", e.to_string());
        }
        errors.into_result(|| Some((contact.ok()?, pin.ok()?)))
    }
}

impl LoginForm {
    /// The server's answer to a login: a wrong PIN and a lockout (with its wait) belong next
    /// to the PIN field even though the server names no field for them.
    pub fn server_errors(error: &ApiError) -> FormErrors {
        let mut errors = FormErrors::new();
        match error.code.as_str() {
            "too_many_attempts" => errors.add("pin", lockout_message(error.retry_after)),
            "pin_invalid" => errors.add("pin", error.message.clone()),
            _ => return FormErrors::from_api(error, Self::FIELDS),
        }
        errors
    }
}

/// REG-2: what a locked-out resident is told, with the wait in words.
pub fn lockout_message(retry_after_secs: Option<u64>) -> String {
    let head = "Too many wrong PINs.";
    let Some(secs) = retry_after_secs else {
        return format!("{head} Please wait a few minutes and try again.");
    };
    let minutes = secs / 60;
    let seconds = secs % 60;
    let plural = |n: u64, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let wait = match (minutes, seconds) {
        (0, s) => plural(s, "second"),
        (m, 0) => plural(m, "minute"),
        (m, s) => format!("{} {}", plural(m, "minute"), plural(s, "second")),
    };
    format!("{head} You can try again in {wait}.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::scheme;

    #[test]
    fn reg1_hampshire_needs_the_council_tax_account_and_keeps_every_error() {
        let form = RegisterForm {
            full_name: "Sam".into(),
            email: "not-an-email".into(),
            ..RegisterForm::default()
        };
        let errors = form.parse(&scheme("hampshire")).expect_err("invalid");
        for field in ["property_id", "email", "council_tax_account"] {
            assert!(errors.for_field(field).is_some(), "{field}");
        }
        assert_eq!(errors.for_field("full_name"), None);
    }

    #[test]
    fn reg3_cambridgeshire_registers_without_a_council_tax_account() {
        let form = RegisterForm {
            property_id: "cambridgeshire-0001".into(),
            full_name: " Sam Resident ".into(),
            mobile: "07700 900123".into(),
            ..RegisterForm::default()
        };
        let request = form.parse(&scheme("cambridgeshire")).expect("valid");
        assert_eq!(request.full_name, "Sam Resident");
        assert_eq!(request.council_tax_account, None);
        assert!(request.mobile.is_some());
    }

    #[test]
    fn reg2_login_needs_a_contact_and_six_digits() {
        let form = LoginForm {
            contact: "sam@example.org".into(),
            pin: "12345".into(),
        };
        let errors = form.parse().expect_err("short pin");
        assert!(errors.for_field("pin").is_some());
        assert_eq!(errors.for_field("contact"), None);
    }

    #[test]
    fn reg2_wrong_pin_and_lockout_go_next_to_the_pin() {
        let wrong = ApiError::new("pin_invalid", "That PIN is not right.");
        assert_eq!(
            LoginForm::server_errors(&wrong).for_field("pin").as_deref(),
            Some("That PIN is not right.")
        );
        let locked = ApiError {
            retry_after: Some(90),
            ..ApiError::new("too_many_attempts", "Too many.")
        };
        let message = LoginForm::server_errors(&locked).for_field("pin");
        assert_eq!(
            message.as_deref(),
            Some("Too many wrong PINs. You can try again in 1 minute 30 seconds.")
        );
    }

    #[test]
    fn reg2_lockout_says_how_long_to_wait() {
        assert_eq!(
            lockout_message(Some(630)),
            "Too many wrong PINs. You can try again in 10 minutes 30 seconds."
        );
        assert_eq!(
            lockout_message(Some(60)),
            "Too many wrong PINs. You can try again in 1 minute."
        );
    }
}
