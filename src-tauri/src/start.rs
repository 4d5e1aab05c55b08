//! The production core: the configured backend, the OS keyring and the app data directory.
//! What can be wrong with the device's set-up is checked before any window opens, so the
//! person starting the app gets a sentence, not a crash in the event loop.

use crate::Core;
use permit_app_core::cache::OfflineCache;
use permit_app_core::clock::SystemClock;
use permit_app_core::config::ApiUrlError;
use permit_app_core::session::{KeyringSessionStore, OsStoreError, os_credential_store};
use permit_app_core::{ApiUrl, AppCore};
use std::path::PathBuf;
use std::sync::Arc;

/// Why the app cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the backend address is not usable: {0}")]
    ApiUrl(#[from] ApiUrlError),
    #[error(transparent)]
    Keyring(#[from] OsStoreError),
}

/// The parts of the core that do not need the running app.
#[derive(Debug)]
pub struct Startup {
    api: ApiUrl,
    keyring: KeyringSessionStore,
}

impl Startup {
    /// `PERMITS_API_URL` (https, or http on loopback) and the platform's keyring.
    pub fn from_env() -> Result<Self, StartError> {
        Ok(Self {
            api: ApiUrl::from_env()?,
            keyring: KeyringSessionStore::new(os_credential_store()?),
        })
    }

    /// The core, with the offline cache in the app's data directory.
    pub fn into_core(self, data_dir: PathBuf) -> Core {
        tracing::info!(api = %self.api, "starting");
        AppCore::new(
            permit_client::Client::new(self.api.as_str()),
            Box::new(self.keyring),
            OfflineCache::new(data_dir),
            Arc::new(SystemClock),
        )
    }
}
