//! Form errors and parsing shared by the back office's pages: each error sits next to its
//! field and in the summary at the top (the GOV.UK pattern), keyed by the field's id, which is
//! also the server's `{field}` name.

mod call;
mod staff;

pub use call::{Caller, StayTimes, TypedTime, parse_caller, parse_stay};
pub use staff::{Role, parse_colleague};

/// The GOV.UK date input's parsing and typed times, the same source as the residents' app's
/// (one file, two crates: staff type the same dates the residents do).
#[path = "../../src-ui/src/forms/typed_date.rs"]
pub mod typed_date;

/// One problem with what was typed: the field at fault (if one is) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Option<String>,
    pub message: String,
}

/// The errors a form shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn of(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// A problem with no one field at fault (only in the summary).
    pub fn general(message: impl Into<String>) -> Self {
        Self(vec![FieldError {
            field: None,
            message: message.into(),
        }])
    }

    /// The server's `{code, message, field}`: by its field where that is one of `fields`.
    pub fn from_server(field: Option<&str>, message: &str, fields: &[&str]) -> Self {
        match field.filter(|f| fields.contains(f)) {
            Some(field) => Self::of(field, message),
            None => Self::general(message),
        }
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: Some(field.to_owned()),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn all(&self) -> &[FieldError] {
        &self.0
    }

    /// The message shown next to `field`.
    pub fn for_field(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|e| e.field.as_deref() == Some(field))
            .map(|e| e.message.clone())
    }
}

/// A staff email address, trimmed; the server checks it properly.
pub fn parse_email(raw: &str) -> Result<String, Errors> {
    let email = raw.trim();
    if email.is_empty() {
        return Err(Errors::of("email", "Enter your work email address."));
    }
    match email.split_once('@') {
        Some((local, domain)) if !local.is_empty() && domain.contains('.') => Ok(email.to_owned()),
        _ => Err(Errors::of(
            "email",
            "Enter an email address in the correct format, like name@council.gov.uk.",
        )),
    }
}

/// The emailed login code: 6 digits (spaces allowed, as people copy them).
pub fn parse_code(raw: &str) -> Result<String, Errors> {
    let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() {
        return Err(Errors::of("code", "Enter the code we emailed you."));
    }
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(Errors::of("code", "The code is the 6 digits in the email."));
    }
    Ok(code)
}

/// A rejection's reason: a template or what the officer typed; the resident is told it.
pub fn parse_reason(template: &str, typed: &str) -> Result<String, Errors> {
    let typed = typed.trim();
    let reason = if typed.is_empty() {
        template.trim()
    } else {
        typed
    };
    if reason.is_empty() {
        return Err(Errors::of(
            "reason",
            "Choose a reason or type one: the resident is told why.",
        ));
    }
    if reason.chars().count() > 500 {
        return Err(Errors::of(
            "reason",
            "The reason must be 500 characters or fewer.",
        ));
    }
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_six_digits_spaces_dropped() {
        assert_eq!(parse_code(" 123 456 "), Ok("123456".to_owned()));
        assert!(parse_code("12345").is_err());
        assert!(parse_code("12345a").is_err());
        assert_eq!(
            parse_code("")
                .expect_err("empty")
                .for_field("code")
                .as_deref(),
            Some("Enter the code we emailed you.")
        );
    }

    #[test]
    fn an_email_needs_a_local_part_and_a_domain() {
        assert_eq!(
            parse_email(" officer@cambridgeshire.example "),
            Ok("officer@cambridgeshire.example".to_owned())
        );
        assert!(parse_email("officer").is_err());
        assert!(parse_email("@x.uk").is_err());
    }

    #[test]
    fn vp_6_a_rejection_says_why_typed_words_over_the_template() {
        assert_eq!(
            parse_reason("Unreadable.", ""),
            Ok("Unreadable.".to_owned())
        );
        assert_eq!(
            parse_reason("Unreadable.", " Wrong zone "),
            Ok("Wrong zone".to_owned())
        );
        assert!(parse_reason("", "  ").is_err());
        assert!(parse_reason("", &"x".repeat(501)).is_err());
    }

    #[test]
    fn a_server_error_sits_by_its_field_only_if_the_form_has_it() {
        let by_field = Errors::from_server(Some("email"), "Bad.", &["email"]);
        assert_eq!(by_field.for_field("email").as_deref(), Some("Bad."));
        let general = Errors::from_server(Some("pin"), "Bad.", &["email"]);
        assert_eq!(general.all()[0].field, None);
    }
}
