//! The Tauri commands through tauri's mock runtime (real IPC, real ACL from the app's
//! capabilities) against the real backend on port 0, with the keyring-core mock store as the
//! keyring. One binary for all app tests.

mod account_settings;
mod acl;
mod auto_renew;
mod forwarded;
mod helpers;
mod login;
mod offline;
mod path_ids;
mod saved_visitors;
mod token_on_disk;
