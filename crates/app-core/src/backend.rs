//! What the app needs from the server, as a trait so the service can be tested against a
//! scripted backend; the real implementation is `permit_client::Client`.

mod client;

pub(crate) use client::{anonymous, classify};

use crate::inputs::{Login, PinRequest, StayBooking};
use crate::session::SessionToken;
use crate::view::{Snapshot, Stay};
use std::future::Future;

/// How a call to the server failed, in the terms the app acts on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendError {
    /// No answer (no network, server down, DNS, TLS): show saved data, say it is offline.
    #[error("the server cannot be reached: {0}")]
    Unreachable(String),
    /// 401: the session expired or was revoked: back to login.
    #[error("the session is no longer valid")]
    Unauthorized,
    /// The server refused with its own `{code, message}` (wrong PIN, too many attempts, ...);
    /// `retry_after` in seconds where it said when to try again (429).
    #[error("{message} ({code})")]
    Refused {
        code: String,
        message: String,
        retry_after: Option<u64>,
    },
    /// An answer the app does not understand.
    #[error("unexpected answer from the server: {0}")]
    Unexpected(String),
}

/// The server, as the app uses it. Futures are `Send` so Tauri can run them on its runtime.
pub trait Backend: Send + Sync + 'static {
    /// REG-2: asks for a PIN; the server answers the same whether or not the contact exists.
    fn request_pin(
        &self,
        request: &PinRequest,
    ) -> impl Future<Output = Result<String, BackendError>> + Send;

    /// REG-2: exchanges a PIN for a session token.
    fn log_in(
        &self,
        login: &Login,
    ) -> impl Future<Output = Result<SessionToken, BackendError>> + Send;

    /// Revokes the session on the server.
    fn log_out(
        &self,
        token: &SessionToken,
    ) -> impl Future<Output = Result<(), BackendError>> + Send;

    /// Issue 19: revokes every session of the token's resident on the server.
    fn log_out_everywhere(
        &self,
        token: &SessionToken,
    ) -> impl Future<Output = Result<(), BackendError>> + Send;

    /// Everything the home screen shows, fetched fresh.
    fn snapshot(
        &self,
        token: &SessionToken,
    ) -> impl Future<Output = Result<Snapshot, BackendError>> + Send;

    /// ACT-1 to ACT-3: books a visitor stay.
    fn book_stay(
        &self,
        token: &SessionToken,
        booking: &StayBooking,
    ) -> impl Future<Output = Result<Stay, BackendError>> + Send;

    /// ACT-7: cancels a stay (the server decides whether it still may be).
    fn cancel_stay(
        &self,
        token: &SessionToken,
        id: &str,
    ) -> impl Future<Output = Result<Stay, BackendError>> + Send;
}
