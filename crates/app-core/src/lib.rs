//! The resident app's logic, without Tauri: the Tauri shell (`src-tauri`) only forwards its
//! commands here, so everything below is testable without a window.
//!
//! - [`session`]: the session token lives only in the OS keyring ([`session::KeyringSessionStore`]).
//! - [`cache`]: upcoming stays, permits and balances saved after each sync, for offline use.
//! - [`backend`]: what the app needs from the server, implemented for `permit_client::Client`.
//! - [`service`]: log in, sync, fall back to the cache offline, log out.
//!
//! The webview only ever sees [`view`] types and [`AppError`]'s `{code, message}`: no token.

#![forbid(unsafe_code)]

pub mod backend;
pub mod cache;
pub mod clock;
pub mod config;
pub mod error;
mod forward;
pub mod inputs;
pub mod payment_page;
pub mod service;
pub mod session;
mod stays;
pub mod view;
mod visitors;

pub use config::ApiUrl;
pub use error::AppError;
pub use service::AppCore;

#[cfg(test)]
mod service_tests;
