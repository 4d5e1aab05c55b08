//! A new registration: what the resident typed, parsed and checked once for the server and the
//! UI (REG-1, REG-5), and the state it starts in (REG-3).

use crate::refusal::Refusal;
use crate::scheme::{RegistrationMethod, Scheme};
use crate::types::{CouncilTaxAccount, Email, MobileNumber, ParseError};
use thiserror::Error;

/// The registration form as typed: blank means not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegistrationForm<'a> {
    pub property_id: &'a str,
    pub full_name: &'a str,
    pub email: &'a str,
    pub mobile: &'a str,
    pub council_tax_account: &'a str,
}

/// A registration that may be made: every value parsed, trimmed and checked against the scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRegistration {
    pub property_id: String,
    pub full_name: String,
    pub email: Option<Email>,
    pub mobile: Option<MobileNumber>,
    /// REG-1: given where the council checks it; the caller verifies it against the property.
    pub council_tax_account: Option<CouncilTaxAccount>,
}

/// Why a registration cannot be made as typed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RegistrationRefusal {
    /// Nothing chosen from the address search.
    #[error("Find your address and choose it from the list.")]
    NoProperty,
    /// A property id that is not one of this council's properties.
    #[error("Choose your property from the search results.")]
    PropertyNotFound,
    #[error("Enter your full name (up to 100 characters).")]
    FullName,
    #[error("{0}")]
    Email(ParseError),
    #[error("{0}")]
    Mobile(ParseError),
    /// REG-2: the PIN needs somewhere to go.
    #[error("Give an email address or a mobile number for your PIN.")]
    NoContact,
    #[error("{0}")]
    CouncilTaxAccount(ParseError),
    /// REG-1: this council checks the council tax account number.
    #[error("Enter the council tax account number from your council tax bill.")]
    CouncilTaxAccountRequired,
    /// REG-1: the number given is not the property's.
    #[error(
        "That council tax account number is not the one for this property. It is on your council tax bill."
    )]
    CouncilTaxAccountMismatch,
}

impl Refusal for RegistrationRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::NoProperty | Self::PropertyNotFound => "property_not_found",
            Self::FullName => "full_name_invalid",
            Self::Email(e) | Self::Mobile(e) | Self::CouncilTaxAccount(e) => e.code(),
            Self::NoContact => "contact_required",
            Self::CouncilTaxAccountRequired => "council_tax_account_required",
            Self::CouncilTaxAccountMismatch => "council_tax_account_mismatch",
        }
    }

    fn field(&self) -> Option<&'static str> {
        Some(match self {
            Self::NoProperty | Self::PropertyNotFound => "property_id",
            Self::FullName => "full_name",
            Self::Email(_) | Self::NoContact => "email",
            Self::Mobile(_) => "mobile",
            Self::CouncilTaxAccount(_)
            | Self::CouncilTaxAccountRequired
            | Self::CouncilTaxAccountMismatch => "council_tax_account",
        })
    }
}

/// Every refusal of one form, in the form's order: the UI shows each next to its field, the
/// API answers with the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationRefusals {
    pub first: RegistrationRefusal,
    pub rest: Vec<RegistrationRefusal>,
}

impl RegistrationRefusals {
    pub fn iter(&self) -> impl Iterator<Item = &RegistrationRefusal> {
        std::iter::once(&self.first).chain(&self.rest)
    }
}

/// Trims a typed value and treats blank as absent.
fn given(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|s| !s.is_empty())
}

impl RegistrationForm<'_> {
    /// Parses the form for `scheme`'s council (REG-1, REG-5), collecting every refusal.
    pub fn parse(&self, scheme: &Scheme) -> Result<NewRegistration, RegistrationRefusals> {
        let mut refused = Vec::new();
        let property_id = given(self.property_id);
        if property_id.is_none() {
            refused.push(RegistrationRefusal::NoProperty);
        }
        let full_name = self.full_name.trim();
        if full_name.is_empty() || full_name.chars().count() > 100 {
            refused.push(RegistrationRefusal::FullName);
        }
        let email = given(self.email).map(Email::parse).transpose();
        let mobile = given(self.mobile).map(MobileNumber::parse).transpose();
        if let Err(e) = &email {
            refused.push(RegistrationRefusal::Email(e.clone()));
        }
        if let Err(e) = &mobile {
            refused.push(RegistrationRefusal::Mobile(e.clone()));
        }
        if given(self.email).is_none() && given(self.mobile).is_none() {
            refused.push(RegistrationRefusal::NoContact);
        }
        let account = match given(self.council_tax_account) {
            Some(raw) => CouncilTaxAccount::parse(raw)
                .map_err(|e| refused.push(RegistrationRefusal::CouncilTaxAccount(e)))
                .ok(),
            None if scheme.registration.method == RegistrationMethod::CouncilTaxAccount => {
                refused.push(RegistrationRefusal::CouncilTaxAccountRequired);
                None
            }
            None => None,
        };
        let mut refused = refused.into_iter();
        if let Some(first) = refused.next() {
            return Err(RegistrationRefusals {
                first,
                rest: refused.collect(),
            });
        }
        Ok(NewRegistration {
            property_id: property_id.unwrap_or_default().to_owned(),
            full_name: full_name.to_owned(),
            email: email.ok().flatten(),
            mobile: mobile.ok().flatten(),
            council_tax_account: account,
        })
    }
}

/// The state a new registration starts in (REG-3), stored by its [`name`](Self::name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstRegistrationState {
    /// REG-3: the resident uploads proof of address after logging in; the council reviews it.
    AwaitingProof,
    /// An officer reviews it before it can be used.
    Pending,
    /// Usable at once: the council tax account number (REG-1) was enough.
    Approved,
}

impl FirstRegistrationState {
    pub fn name(self) -> &'static str {
        match self {
            Self::AwaitingProof => "awaiting_proof",
            Self::Pending => "pending",
            Self::Approved => "approved",
        }
    }
}

/// Where a new registration with `scheme`'s council starts: proof first (REG-3), a review, or
/// usable at once.
pub fn first_registration_state(scheme: &Scheme) -> FirstRegistrationState {
    match (scheme.registration.method, scheme.registration.review) {
        (RegistrationMethod::ProofOfAddress, _) => FirstRegistrationState::AwaitingProof,
        (_, true) => FirstRegistrationState::Pending,
        (_, false) => FirstRegistrationState::Approved,
    }
}
