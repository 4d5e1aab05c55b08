use crate::refusal::Refusal;
use thiserror::Error;

/// Why a value typed by a person (or sent by a client) is not a valid one. Each variant has a
/// stable machine code for the API and a message written for residents.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("Enter the vehicle registration, for example AB12 CDE.")]
    VrmEmpty,
    #[error("A vehicle registration has at most 7 letters and numbers; '{0}' has more.")]
    VrmTooLong(String),
    #[error("A vehicle registration has only letters and numbers; '{0}' is not allowed.")]
    VrmCharacter(char),
    #[error("'{0}' is not a UK vehicle registration (for example AB12 CDE, A123 BCD or ABC 123D).")]
    VrmFormat(String),
    #[error(
        "A registration from outside the UK has at most 10 letters and numbers; '{0}' has more."
    )]
    ForeignPlateTooLong(String),
    #[error(
        "A registration from outside the UK has at least 2 letters and numbers; '{0}' has fewer."
    )]
    ForeignPlateTooShort(String),
    #[error("'{0}' is not a valid {1} (lower-case letters, digits and hyphens).")]
    Slug(String, &'static str),
    #[error("'{0}' is not an amount of money in pence.")]
    Money(String),
    #[error("'{0}' is not a UK postcode, for example LE1 6ZG.")]
    Postcode(String),
    #[error("'{0}' is not an email address.")]
    Email(String),
    #[error("'{0}' is not a UK mobile number, for example 07700 900123.")]
    Mobile(String),
    #[error("The PIN is the 6 digits we sent you.")]
    Pin,
    #[error("The council tax account number is the 8 to 10 digits on your council tax bill.")]
    CouncilTaxAccount,
    #[error("A name for a saved vehicle has at most {0} characters.")]
    NicknameTooLong(usize),
    #[error("A name for a saved vehicle cannot hold line breaks or control characters.")]
    NicknameCharacter,
}

/// The field is the caller's to say: report it with [`Refusal::at`].
impl Refusal for ParseError {
    fn code(&self) -> &'static str {
        match self {
            Self::VrmEmpty => "vrm_empty",
            Self::VrmTooLong(_) => "vrm_too_long",
            Self::VrmCharacter(_) => "vrm_invalid_character",
            Self::VrmFormat(_) => "vrm_invalid_format",
            Self::ForeignPlateTooLong(_) => "plate_too_long",
            Self::ForeignPlateTooShort(_) => "plate_too_short",
            Self::Slug(_, _) => "invalid_identifier",
            Self::Money(_) => "invalid_money",
            Self::Postcode(_) => "invalid_postcode",
            Self::Email(_) => "invalid_email",
            Self::Mobile(_) => "invalid_mobile",
            Self::Pin => "invalid_pin_format",
            Self::CouncilTaxAccount => "invalid_council_tax_account",
            Self::NicknameTooLong(_) => "nickname_too_long",
            Self::NicknameCharacter => "nickname_invalid_character",
        }
    }
}
