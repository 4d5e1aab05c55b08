//! What every form shares: the errors it shows next to each field and in the summary at the
//! top. Each form's own parsing lives beside it in `forms/`; all of it is plain Rust, tested
//! on the host.

mod account;
mod buy;
mod contact;
mod manage;
mod stay;
mod typed_date;
mod when;

pub use account::{LoginForm, RegisterForm, lockout_message};
pub use buy::{Answer, BuyForm, Choice, duration_choices, product_choices, purchase_answers};
pub use contact::{ContactWords, code_errors, parse_code};
pub use manage::{parse_vrm_change, renewal_answers, renewal_durations, renewal_quote};
pub use stay::{StayForm, horizon_hint};
pub use typed_date::{DatePart, NotATime, capitalised, parse_date, parse_time};
pub use when::{StartDay, example_date};

use crate::model::ApiError;
use permit_rules::Refusal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field's id (the API's field name where the server reported it).
    pub field: Option<String>,
    pub message: String,
    /// The element the summary links to, where it is not the field's own id (a date input's
    /// first field at fault).
    pub anchor: Option<String>,
}

impl FieldError {
    /// The id the error summary's link points at.
    pub fn target(&self) -> Option<&str> {
        self.anchor.as_deref().or(self.field.as_deref())
    }
}

/// The errors a form shows: next to their field, and all of them in the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors(Vec<FieldError>);

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: Some(field.to_owned()),
            message: message.into(),
            anchor: None,
        });
    }

    /// An error shown by `field` whose summary link goes to `anchor`.
    pub fn add_at(&mut self, field: &str, anchor: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: Some(field.to_owned()),
            message: message.into(),
            anchor: Some(anchor.to_owned()),
        });
    }

    /// A refusal of the rules crate: next to its field where it names one, else in the summary.
    pub fn add_refusal(&mut self, refusal: &impl Refusal) {
        self.0.push(FieldError {
            field: refusal.field().map(str::to_owned),
            message: refusal.message(),
            anchor: None,
        });
    }

    /// A problem with no one field at fault (shown only in the summary).
    pub fn general(message: impl Into<String>) -> Self {
        Self(vec![FieldError {
            field: None,
            message: message.into(),
            anchor: None,
        }])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Drops `field`'s errors once its value is edited: the message was about what was
    /// typed before, and must not stay by (or redden) a corrected value. Resubmitting checks
    /// the form again.
    pub fn clear(&mut self, field: &str) {
        self.0.retain(|e| e.field.as_deref() != Some(field));
    }

    /// Whether this set is `before` with errors taken away (a field corrected), rather than a
    /// new answer to a submit.
    pub fn only_fewer_than(&self, before: &FormErrors) -> bool {
        self.0.len() < before.0.len() && self.0.iter().all(|e| before.0.contains(e))
    }

    /// Another form part's errors after these, so the summary lists them all at once.
    pub fn extend(&mut self, more: FormErrors) {
        self.0.extend(more.0);
    }

    pub fn all(&self) -> &[FieldError] {
        &self.0
    }

    /// The first message for a field, shown next to it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|e| e.field.as_deref() == Some(field))
            .map(|e| e.message.clone())
    }

    /// Ok when nothing was added, so a parser can collect every problem and then decide.
    pub fn into_result<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, FormErrors> {
        match (self.is_empty(), value()) {
            (true, Some(value)) => Ok(value),
            (true, None) => Err(FormErrors::general("Please check the form.")),
            (false, _) => Err(self),
        }
    }

    /// The server's answer: next to `field` when it names one this form has, else general.
    pub fn from_api(error: &ApiError, fields: &[&str]) -> Self {
        let field = error
            .field
            .as_deref()
            .filter(|f| fields.contains(f))
            .map(str::to_owned);
        Self(vec![FieldError {
            field,
            message: error.message.clone(),
            anchor: None,
        }])
    }
}

/// Trims a typed value and treats blank as absent.
pub(crate) fn optional(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_go_next_to_a_field_this_form_has() {
        let mut error = ApiError::new("council_tax_account_mismatch", "Not this property's.");
        error.field = Some("council_tax_account".into());
        let errors = FormErrors::from_api(&error, &["council_tax_account", "email"]);
        assert_eq!(
            errors.for_field("council_tax_account").as_deref(),
            Some("Not this property's.")
        );
        let errors = FormErrors::from_api(&error, &["email"]);
        assert_eq!(errors.for_field("council_tax_account"), None);
        assert_eq!(errors.all().len(), 1, "still shown in the summary");
    }

    #[test]
    fn editing_a_field_clears_only_its_error_and_is_not_a_new_answer() {
        let mut before = FormErrors::new();
        before.add_at("start", "start-day", "Enter a real date.");
        before.add("vrm", "Enter the registration.");
        let mut after = before.clone();
        after.clear("start");
        assert_eq!(after.for_field("start"), None);
        assert!(after.for_field("vrm").is_some());
        assert!(after.only_fewer_than(&before));
        // The same errors again (a resubmit) is an answer, to be announced.
        assert!(!before.clone().only_fewer_than(&before));
    }
}
