//! [`SessionStore`] on any keyring-core credential store: the OS one in the app, the
//! keyring-core mock in unit tests.

use super::{SessionStore, SessionStoreError, SessionToken};
use keyring_core::{CredentialStore, Entry, Error};
use std::fmt;
use std::sync::Arc;

/// The keyring "service" the entry is filed under (the app's identifier).
pub const KEYRING_SERVICE: &str = "uk.residentpermits.app";
/// One session per device user: the app is logged in as one resident at a time.
pub const KEYRING_USER: &str = "session";

pub struct KeyringSessionStore {
    store: Arc<CredentialStore>,
    service: String,
}

impl KeyringSessionStore {
    pub fn new(store: Arc<CredentialStore>) -> Self {
        Self::with_service(store, KEYRING_SERVICE)
    }

    /// A store filed under another service name: tests against the real OS keyring use a
    /// fresh one each so they never touch a real session.
    pub fn with_service(store: Arc<CredentialStore>, service: &str) -> Self {
        Self {
            store,
            service: service.to_owned(),
        }
    }

    /// The entry itself, so tests can make the mock store fail on the next call.
    #[cfg(test)]
    pub(crate) fn entry_for_tests(&self) -> Result<Entry, SessionStoreError> {
        self.entry()
    }

    fn entry(&self) -> Result<Entry, SessionStoreError> {
        self.store
            .build(&self.service, KEYRING_USER, None)
            .map_err(describe)
    }
}

impl fmt::Debug for KeyringSessionStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringSessionStore")
            .field("store", &self.store.vendor())
            .field("service", &self.service)
            .finish()
    }
}

impl SessionStore for KeyringSessionStore {
    fn load(&self) -> Result<Option<SessionToken>, SessionStoreError> {
        match self.entry()?.get_password() {
            Ok(token) => Ok(Some(SessionToken::new(token))),
            Err(Error::NoEntry) => Ok(None),
            Err(error) => Err(describe(error)),
        }
    }

    fn save(&self, token: &SessionToken) -> Result<(), SessionStoreError> {
        self.entry()?.set_password(token.expose()).map_err(describe)
    }

    fn delete(&self) -> Result<(), SessionStoreError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(error) => Err(describe(error)),
        }
    }
}

/// keyring-core's errors hold no secret except `BadEncoding`/`BadDataFormat`, whose bytes
/// could be a stored token: those are named, never printed.
fn describe(error: Error) -> SessionStoreError {
    let text = match error {
        Error::BadEncoding(_) => "the stored session is not text".to_owned(),
        Error::BadDataFormat(_, _) => "the stored session is unreadable".to_owned(),
        other => other.to_string(),
    };
    SessionStoreError(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyring_core::mock;

    fn store() -> KeyringSessionStore {
        KeyringSessionStore::new(mock::Store::new().expect("mock store"))
    }

    #[test]
    fn stores_reads_and_deletes_a_session() {
        let sessions = store();
        assert_eq!(sessions.load().expect("load").as_ref(), None);
        sessions.save(&SessionToken::new("token-1")).expect("save");
        assert_eq!(
            sessions.load().expect("load"),
            Some(SessionToken::new("token-1"))
        );
        sessions
            .save(&SessionToken::new("token-2"))
            .expect("replace");
        assert_eq!(
            sessions.load().expect("load"),
            Some(SessionToken::new("token-2"))
        );
        sessions.delete().expect("delete");
        assert_eq!(sessions.load().expect("load"), None);
    }

    #[test]
    fn deleting_twice_is_fine() {
        let sessions = store();
        sessions.delete().expect("nothing to delete");
        sessions.save(&SessionToken::new("t")).expect("save");
        sessions.delete().expect("delete");
        sessions.delete().expect("already gone");
    }

    #[test]
    fn a_keyring_failure_is_reported_not_taken_for_logged_out() {
        let sessions = store();
        sessions.save(&SessionToken::new("t")).expect("save");
        let entry = sessions.entry().expect("entry");
        let cred: &mock::Cred = entry.as_any().downcast_ref().expect("a mock credential");
        cred.set_error(Error::NoStorageAccess("locked".into()));
        let error = sessions.load().expect_err("locked keyring");
        assert!(error.0.contains("locked"), "{error}");
        // The failure was one-off: the session is still there.
        assert_eq!(sessions.load().expect("load"), Some(SessionToken::new("t")));
    }
}
