//! What the app keeps on the machine, read the way another program would: the session entry
//! in the Secret Service (not through the app's own store code) and the saved data in the app
//! data directory.

use keyring_core::{CredentialStore, Error};
use permit_app_core::session::{KEYRING_SERVICE, KEYRING_USER};
use permit_test_support::workspace_path;
use std::path::PathBuf;
use std::sync::Arc;

/// Whether the Secret Service holds the app's session entry.
pub fn session_in_secret_service() -> bool {
    let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()
        .expect("a Secret Service on the session bus (run under dbus-run-session)");
    let entry = store
        .build(KEYRING_SERVICE, KEYRING_USER, None)
        .expect("an entry");
    match entry.get_password() {
        Ok(token) => !token.is_empty(),
        Err(Error::NoEntry) => false,
        Err(error) => panic!("the Secret Service failed: {error}"),
    }
}

/// The app's data directory: `$XDG_DATA_HOME/<identifier in tauri.conf.json>`. The test
/// insists on a XDG_DATA_HOME of its own, so it never reads or wipes a person's real data.
pub fn app_data_dir() -> PathBuf {
    let home = std::env::var("XDG_DATA_HOME")
        .ok()
        .filter(|dir| !dir.is_empty())
        .expect("XDG_DATA_HOME set to a fresh folder (scripts/test-desktop.sh)");
    let config =
        std::fs::read_to_string(workspace_path("tauri.conf.json")).expect("tauri.conf.json");
    let config: serde_json::Value = serde_json::from_str(&config).expect("tauri.conf.json is JSON");
    let identifier = config["identifier"].as_str().expect("an identifier");
    PathBuf::from(home).join(identifier)
}

/// The offline copy of upcoming stays the app writes after each sync.
pub fn saved_data() -> PathBuf {
    app_data_dir().join("offline-cache.json")
}
