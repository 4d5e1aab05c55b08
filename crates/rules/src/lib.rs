//! The councils' permit rules (see `docs/rules.md`).
//!
//! Three layers, all pure (no IO, no async, no system clock), so the server enforces and the UI
//! previews exactly the same answers:
//! - [`types`]: newtypes parsed at the edge (`Vrm`, `CouncilId`, `Pence`, `Postcode`, ...).
//! - [`scheme`]: one council's scheme, read from its data file (`assets/councils/<id>.toml`).
//! - [`engine`]: the decisions, each a function of the scheme, the resident's history and an
//!   instant `now` supplied by the caller's [`clock::Clock`].
//!
//! Every "no" (an engine refusal, a value that does not parse) is a [`Refusal`]: a code, a field
//! and a message, mapped to HTTP by the server in one place and shown by the UI next to its field.
//!
//! Every local time is Europe/London ([`time`]); windows are judged in local time, never UTC.

pub mod clock;
pub mod engine;
pub mod refusal;
pub mod scheme;
pub mod time;
pub mod types;

pub use engine::*;
pub use refusal::{AtField, Refusal};
pub use scheme::{Scheme, SchemeError};
pub use types::*;
