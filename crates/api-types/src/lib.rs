//! Request and response bodies of the permit service's HTTP API.
//!
//! Plain data only (strings, integers, instants): the server parses them into the rules crate's
//! newtypes at its edge, and the same types compile for the wasm32 UI through `permit-client`.

mod account;
pub mod app;
mod back_office;
mod channels;
mod commerce;
mod error;
mod ops;
mod stays;

pub use account::*;
pub use back_office::*;
pub use channels::*;
pub use commerce::*;
pub use error::*;
pub use ops::*;
pub use stays::*;

/// The header carrying a client's idempotency key on purchases.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";
/// The header carrying the request id on every response.
pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// Where every API route lives: everything outside it belongs to the web UI, so the UI's own
/// page paths (`/stays`, `/permits`, ...) can be reloaded in a browser.
pub const API_PREFIX: &str = "/api/v1";
