//! Pieces every page shares: the layout (header, navigation by role, the login gate) and the
//! form pieces (labelled fields, the error summary, a submit button).

mod fields;
mod gate;
mod layout;
mod moment;
mod pager;
mod table;
mod when;

pub(crate) use fields::{ErrorSummary, SubmitButton, TextField};
pub(crate) use gate::{LoadError, Loading, RequireRole};
pub(crate) use layout::{Layout, NAV};
pub(crate) use moment::{RangeFields, RangeInput};
pub(crate) use pager::{Pager, href, page_param, text_param};
pub(crate) use table::Table;
pub(crate) use when::{DateTimeField, TypedWhen};
