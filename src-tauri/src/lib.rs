//! The Tauri shell. It is filled in by the app-core issue: session in the OS keyring,
//! calls to the backend, offline cache of upcoming stays. The config it will be built
//! from is the real one at the workspace root (`../tauri.conf.json`, symlinked here).
