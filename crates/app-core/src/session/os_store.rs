//! The OS credential store for this platform: Secret Service on Linux desktops with the
//! kernel keyutils session keyring as fallback (no D-Bus, e.g. a bare session), the keychain
//! on macOS and the data-protection keychain on iOS, the credential manager on Windows, and on
//! Android `android-native-keyring-store` (SharedPreferences encrypted with a Keystore key; it
//! finds the app's context through `ndk-context`, which Tauri's Android runtime initialises).

use keyring_core::CredentialStore;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
#[error("no secure storage is available on this device: {0}")]
pub struct OsStoreError(pub String);

/// Opens the platform's credential store.
pub fn os_credential_store() -> Result<Arc<CredentialStore>, OsStoreError> {
    platform_store()
}

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>, OsStoreError> {
    match secret_service_store() {
        Ok(store) => Ok(store),
        Err(why) => {
            // The kernel keyring lives only as long as the login session: a fallback that
            // keeps the token out of files, at the cost of logging in again after a reboot.
            tracing::warn!(%why, "Secret Service unavailable, using the kernel keyring");
            keyutils_store()
        }
    }
}

/// The Secret Service (GNOME Keyring, KWallet) over D-Bus, once it has answered a lookup: a
/// session bus without a keyring daemon connects fine and fails only on first use.
#[cfg(target_os = "linux")]
pub fn secret_service_store() -> Result<Arc<CredentialStore>, OsStoreError> {
    let store: Arc<CredentialStore> =
        zbus_secret_service_keyring_store::Store::new().map_err(|e| OsStoreError(e.to_string()))?;
    let probe = store
        .build(super::KEYRING_SERVICE, "probe", None)
        .map_err(|e| OsStoreError(e.to_string()))?;
    match probe.get_password() {
        Ok(_) | Err(keyring_core::Error::NoEntry) => Ok(store),
        Err(e) => Err(OsStoreError(e.to_string())),
    }
}

/// The kernel's keyutils session keyring.
#[cfg(target_os = "linux")]
pub fn keyutils_store() -> Result<Arc<CredentialStore>, OsStoreError> {
    let store =
        linux_keyutils_keyring_store::Store::new().map_err(|e| OsStoreError(e.to_string()))?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, OsStoreError> {
    let store = apple_native_keyring_store::keychain::Store::new()
        .map_err(|e| OsStoreError(e.to_string()))?;
    Ok(store)
}

/// iOS: the data-protection keychain, in the app's own access group and not synchronised to
/// iCloud (the crate's default), so the token stays on this phone.
#[cfg(target_os = "ios")]
fn platform_store() -> Result<Arc<CredentialStore>, OsStoreError> {
    let store = apple_native_keyring_store::protected::Store::new()
        .map_err(|e| OsStoreError(e.to_string()))?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn platform_store() -> Result<Arc<CredentialStore>, OsStoreError> {
    let store =
        windows_native_keyring_store::Store::new().map_err(|e| OsStoreError(e.to_string()))?;
    Ok(store)
}

#[cfg(target_os = "android")]
fn platform_store() -> Result<Arc<CredentialStore>, OsStoreError> {
    let store =
        android_native_keyring_store::Store::new().map_err(|e| OsStoreError(e.to_string()))?;
    Ok(store)
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "android",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows"
)))]
fn platform_store() -> Result<Arc<CredentialStore>, OsStoreError> {
    Err(OsStoreError(
        "this platform has no supported credential store".into(),
    ))
}
