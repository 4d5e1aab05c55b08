//! The app's use cases: log in, show the dashboard (fresh, or saved when offline), log out.
//! Each Tauri command is a one-line call to one of these methods.

use crate::AppError;
use crate::backend::{Backend, BackendError};
use crate::cache::OfflineCache;
use crate::inputs::{Login, PinRequest};
use crate::session::SessionStore;
use crate::view::{Dashboard, LoggedOut, PinSent, SessionState};
use permit_rules::clock::Clock;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// How long one exchange with the server may take before the app treats it as unreachable:
/// a weak signal often hangs rather than fails, and a resident at the door needs the saved
/// copy now, not when TCP gives up.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug)]
pub struct AppCore<B> {
    backend: B,
    sessions: Box<dyn SessionStore>,
    cache: OfflineCache,
    clock: Arc<dyn Clock>,
    request_timeout: Duration,
}

impl<B: Backend> AppCore<B> {
    pub fn new(
        backend: B,
        sessions: Box<dyn SessionStore>,
        cache: OfflineCache,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            backend,
            sessions,
            cache,
            clock,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
        }
    }

    pub fn with_request_timeout(self, request_timeout: Duration) -> Self {
        Self {
            request_timeout,
            ..self
        }
    }

    /// A call to the server that gives up after the request timeout, as unreachable.
    pub(crate) async fn bounded<T>(
        &self,
        call: impl Future<Output = Result<T, BackendError>>,
    ) -> Result<T, BackendError> {
        match tokio::time::timeout(self.request_timeout, call).await {
            Ok(result) => result,
            Err(_) => Err(BackendError::Unreachable(format!(
                "no answer within {} seconds",
                self.request_timeout.as_secs_f32()
            ))),
        }
    }

    pub(crate) fn backend(&self) -> &B {
        &self.backend
    }

    /// The stored token, or "log in".
    pub(crate) fn token(&self) -> Result<crate::session::SessionToken, AppError> {
        self.sessions.load()?.ok_or(AppError::NotLoggedIn)
    }

    /// For an action that needs the server: an ended session also forgets the device's
    /// copy (as [`Self::dashboard`] does); anything else is the action's own error.
    pub(crate) fn ended_session_or(&self, action: &'static str, error: BackendError) -> AppError {
        if error == BackendError::Unauthorized
            && let Err(forget) = self.forget_locally()
        {
            return forget;
        }
        AppError::from_backend(action, error)
    }

    /// Whether a session is stored here. No server call, so it answers offline too.
    pub fn session_state(&self) -> Result<SessionState, AppError> {
        Ok(SessionState {
            logged_in: self.sessions.load()?.is_some(),
        })
    }

    /// REG-2: asks the server to send a PIN to the resident's email or mobile.
    pub async fn request_pin(&self, council: &str, contact: &str) -> Result<PinSent, AppError> {
        let request = PinRequest::parse(council, contact)?;
        let message = self
            .bounded(self.backend.request_pin(&request))
            .await
            .map_err(|e| AppError::from_backend("Sending a PIN", e))?;
        Ok(PinSent { message })
    }

    /// REG-2: logs in with a PIN, keeps the token in the keyring only, then syncs.
    pub async fn log_in(
        &self,
        council: &str,
        contact: &str,
        pin: &str,
    ) -> Result<Dashboard, AppError> {
        let login = Login::parse(council, contact, pin)?;
        let token = self
            .bounded(self.backend.log_in(&login))
            .await
            .map_err(|e| AppError::from_backend("Logging in", e))?;
        // Another resident's saved data must not show under this login.
        self.cache.wipe()?;
        if let Err(error) = self.sessions.save(&token) {
            // A session the device cannot keep is one nobody can end: end it now.
            if let Err(revoke) = self.bounded(self.backend.log_out(&token)).await {
                tracing::warn!(%revoke, "could not revoke a session the keyring refused");
            }
            return Err(error.into());
        }
        self.dashboard().await
    }

    /// The home screen: fetched and saved when the server answers; the saved copy, marked
    /// offline with its sync time, when it cannot be reached.
    pub async fn dashboard(&self) -> Result<Dashboard, AppError> {
        let token = self.token()?;
        match self.bounded(self.backend.snapshot(&token)).await {
            Ok(snapshot) => {
                let now = self.clock.now();
                self.cache.save(&snapshot, now)?;
                Ok(Dashboard {
                    snapshot,
                    offline: false,
                    last_synced_at: now,
                })
            }
            Err(BackendError::Unreachable(why)) => {
                tracing::info!(%why, "offline: showing saved data");
                let cached = self.cache.load()?.ok_or(AppError::OfflineNoData)?;
                Ok(Dashboard {
                    snapshot: cached.snapshot,
                    offline: true,
                    last_synced_at: cached.synced_at,
                })
            }
            Err(BackendError::Unauthorized) => {
                // Expired or revoked: nothing here is usable any more; login starts clean.
                self.forget_locally()?;
                Err(AppError::SessionExpired)
            }
            Err(other) => Err(AppError::from_backend("Refreshing", other)),
        }
    }

    /// Revokes the session on the server when it can be reached, and always removes the
    /// token and the saved data from this device (offline too).
    pub async fn log_out(&self) -> Result<LoggedOut, AppError> {
        let revoked_on_server = match self.sessions.load() {
            Ok(Some(token)) => match self.bounded(self.backend.log_out(&token)).await {
                // Already ended on the server counts as revoked.
                Ok(()) | Err(BackendError::Unauthorized) => true,
                Err(error) => {
                    tracing::warn!(%error, "logging out offline: the server session ends at its expiry");
                    false
                }
            },
            Ok(None) => true,
            // An unreadable keyring must not keep the saved data here: wipe it regardless.
            Err(error) => {
                tracing::warn!(%error, "logging out without reading the session");
                false
            }
        };
        self.forget_locally()?;
        let message = if revoked_on_server {
            "You're logged out."
        } else {
            "You're logged out on this device. The session could not be ended on the council's service, so it ends there when it expires."
        };
        Ok(LoggedOut {
            revoked_on_server,
            message: message.to_owned(),
        })
    }

    /// Issue 19: ends every session of the resident on every device. Unlike [`Self::log_out`],
    /// this device forgets nothing until the server has ended them: offline, the resident is
    /// told it needs the server and can try again from here.
    pub async fn log_out_everywhere(&self) -> Result<LoggedOut, AppError> {
        let token = self.token()?;
        match self.bounded(self.backend.log_out_everywhere(&token)).await {
            // Already ended (from another device, say) is what was asked for.
            Ok(()) | Err(BackendError::Unauthorized) => {}
            Err(error) => return Err(AppError::from_backend("Logging out everywhere", error)),
        }
        self.forget_locally()?;
        Ok(LoggedOut {
            revoked_on_server: true,
            message: "You're logged out on every device.".to_owned(),
        })
    }

    /// Removes the token and the saved data, both attempted even if one fails.
    fn forget_locally(&self) -> Result<(), AppError> {
        let token = self.sessions.delete();
        let cache = self.cache.wipe();
        token?;
        cache?;
        Ok(())
    }
}
