//! The production core: the configured backend, the OS keyring and the app data directory.

use crate::Core;
use permit_app_core::cache::OfflineCache;
use permit_app_core::clock::SystemClock;
use permit_app_core::config::ApiUrlError;
use permit_app_core::session::{KeyringSessionStore, OsStoreError, os_credential_store};
use permit_app_core::{ApiUrl, AppCore};
use std::sync::Arc;
use tauri::{AppHandle, Manager, Runtime};

/// Why the app cannot start; shown to the person starting it.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the backend address is not usable: {0}")]
    ApiUrl(#[from] ApiUrlError),
    #[error(transparent)]
    Keyring(#[from] OsStoreError),
    #[error("no app data directory: {0}")]
    DataDir(#[from] tauri::Error),
}

/// The core for a real run: `PERMITS_API_URL` (https, or http on loopback), the platform's
/// keyring, and the offline cache in the app's data directory.
pub fn production_core<R: Runtime>(app: &AppHandle<R>) -> Result<Core, StartError> {
    let api = ApiUrl::from_env()?;
    let keyring = KeyringSessionStore::new(os_credential_store()?);
    let data_dir = app.path().app_data_dir()?;
    tracing::info!(%api, "starting");
    Ok(AppCore::new(
        permit_client::Client::new(api.as_str()),
        Box::new(keyring),
        OfflineCache::new(data_dir),
        Arc::new(SystemClock),
    ))
}
