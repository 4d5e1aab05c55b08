//! Pieces every form and page shares.

mod address;
mod card;
mod fields;
mod guard;
mod logout;
mod when;

pub(crate) use address::AddressFinder;
pub(crate) use card::{CardFields, CardInput};
pub(crate) use fields::{ErrorSummary, SelectField, SubmitButton, TextField};
pub(crate) use guard::{LoadError, Loading, RequireLogin, load, loaded};
pub(crate) use logout::LogOut;
pub(crate) use when::{DateInput, DayChoice};
