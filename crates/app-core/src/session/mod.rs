//! The session: a bearer token from PIN login, kept only in the OS keyring.
//!
//! [`SessionToken`] cannot be serialized and prints as `SessionToken(<redacted>)`, so it cannot
//! reach the webview, a file or a log by accident.

mod keyring;
mod os_store;

pub use keyring::{KEYRING_SERVICE, KEYRING_USER, KeyringSessionStore};
pub use os_store::{OsStoreError, os_credential_store};
#[cfg(target_os = "linux")]
pub use os_store::{keyutils_store, secret_service_store};

use std::fmt;

/// A session token. Deliberately not `Serialize` and not `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionToken(String);

impl SessionToken {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token itself, for the `Authorization` header and the keyring only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

/// Why the secure store could not be used. Carries the platform's reason, never the secret.
#[derive(Debug, thiserror::Error)]
#[error("the device's secure storage failed: {0}")]
pub struct SessionStoreError(pub String);

/// Where the token is kept between runs. Calls are short and blocking (one keyring round trip).
pub trait SessionStore: Send + Sync + fmt::Debug {
    fn load(&self) -> Result<Option<SessionToken>, SessionStoreError>;
    fn save(&self, token: &SessionToken) -> Result<(), SessionStoreError>;
    /// Removes the token; removing an absent one is not an error.
    fn delete(&self) -> Result<(), SessionStoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let token = SessionToken::new("s3cr3t-token-value");
        assert_eq!(format!("{token:?}"), "SessionToken(<redacted>)");
        assert!(!format!("{:?}", Some(&token)).contains("s3cr3t"));
    }
}
