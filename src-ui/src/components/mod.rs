//! Pieces every form and page shares.

mod address;
mod answers;
mod auto_renew;
mod fields;
mod guard;
mod logout;
mod share;
mod when;

pub(crate) use address::AddressFinder;
pub(crate) use answers::{CheckAnswers, ConfirmationPanel};
pub(crate) use auto_renew::RenewAutomatically;
pub(crate) use fields::{
    CheckboxField, ErrorSummary, RadioField, SelectField, SubmitButton, TextField,
};
pub(crate) use guard::{
    LoadError, Loaded, Loading, Reactive, RequireLogin, load, loaded, reactive, show_or, show_when,
};
pub(crate) use logout::{LogOut, LogOutEverywhere};
pub(crate) use share::{Shared, calendar_href, share};
pub(crate) use when::{DateInput, DayChoice};
