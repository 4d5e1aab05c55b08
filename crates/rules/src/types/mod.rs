//! Newtypes parsed at the edge: once a value has one of these types it is valid, so the rest
//! of the code never checks it again.

mod contact;
mod council_tax;
mod error;
mod money;
mod nickname;
mod pin;
mod plate;
mod postcode;
mod slug;
mod vrm;

pub use contact::{Email, MobileNumber};
pub use council_tax::CouncilTaxAccount;
pub use error::ParseError;
pub use money::Pence;
pub use nickname::{MAX_NICKNAME_CHARS, Nickname};
pub use pin::Pin;
pub use plate::{ForeignPlate, Plate};
pub use postcode::Postcode;
pub use slug::{CouncilId, PermitType};
pub use vrm::Vrm;

/// What people type, without any white space and upper-cased: how plates and postcodes
/// are compared.
fn compact_upper(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Glue for the string newtypes: each is shown and travels as its canonical string, and is
/// parsed on the way in.
macro_rules! string_newtype_serde {
    ($ty:ty) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                <$ty>::parse(&raw).map_err(serde::de::Error::custom)
            }
        }

        impl std::str::FromStr for $ty {
            type Err = ParseError;
            fn from_str(raw: &str) -> Result<Self, ParseError> {
                <$ty>::parse(raw)
            }
        }
    };
}
pub(crate) use string_newtype_serde;
