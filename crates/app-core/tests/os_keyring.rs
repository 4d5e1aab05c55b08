//! The session in the real OS keyring. These need a running Secret Service or a kernel session
//! keyring, so they are ignored in a plain `cargo test` and run by `scripts/test-app.sh`:
//! - `secret_service::*` under `dbus-run-session` with gnome-keyring unlocked;
//! - `keyutils::*` under `keyctl session -`, with no D-Bus session at all.
#![cfg(target_os = "linux")]

use keyring_core::CredentialStore;
use permit_app_core::session::{KeyringSessionStore, SessionStore, SessionToken};
use std::sync::Arc;

/// A service name of its own per run, so a developer's real session is never touched.
fn test_service(backend: &str) -> String {
    format!(
        "uk.residentpermits.app.test-{backend}-{}",
        std::process::id()
    )
}

/// Stores, reads back through a second, independent connection to the store (so the token
/// really is in the OS keyring, not in this process), replaces, and deletes.
fn round_trip(open: impl Fn() -> Arc<CredentialStore>, service: &str) {
    let writer = KeyringSessionStore::with_service(open(), service);
    let reader = KeyringSessionStore::with_service(open(), service);
    assert_eq!(reader.load().expect("load before"), None);

    writer
        .save(&SessionToken::new("first-token-value"))
        .expect("save");
    assert_eq!(
        reader.load().expect("load"),
        Some(SessionToken::new("first-token-value"))
    );

    writer
        .save(&SessionToken::new("second-token-value"))
        .expect("replace");
    assert_eq!(
        reader.load().expect("load"),
        Some(SessionToken::new("second-token-value"))
    );

    writer.delete().expect("delete");
    assert_eq!(reader.load().expect("load after delete"), None);
    writer.delete().expect("deleting again is fine");
}

mod secret_service {
    use super::*;
    use permit_app_core::session::{os_credential_store, secret_service_store};

    #[test]
    #[ignore = "needs a Secret Service: run by scripts/test-app.sh under dbus-run-session"]
    fn stores_reads_and_deletes_a_session() {
        round_trip(
            || secret_service_store().expect("a Secret Service on the session bus"),
            &test_service("secret-service"),
        );
    }

    #[test]
    #[ignore = "needs a Secret Service: run by scripts/test-app.sh under dbus-run-session"]
    fn is_the_store_the_app_picks_when_one_is_running() {
        let store = os_credential_store().expect("a store");
        assert!(
            store.vendor().starts_with("Secret Service"),
            "{}",
            store.vendor()
        );
    }
}

mod keyutils {
    use super::*;
    use permit_app_core::session::{keyutils_store, os_credential_store};

    #[test]
    #[ignore = "needs a kernel session keyring: run by scripts/test-app.sh under keyctl session"]
    fn stores_reads_and_deletes_a_session() {
        round_trip(
            || keyutils_store().expect("the kernel keyring"),
            &test_service("keyutils"),
        );
    }

    #[test]
    #[ignore = "needs a kernel session keyring and no Secret Service: run by scripts/test-app.sh"]
    fn is_the_fallback_without_a_secret_service() {
        let store = os_credential_store().expect("a store");
        assert!(
            store.vendor().starts_with("Linux keyutils"),
            "{}",
            store.vendor()
        );
        round_trip(|| store.clone(), &test_service("fallback"));
    }
}
