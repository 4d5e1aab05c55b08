//! Declares the app's commands, so the ACL allows only those granted in `capabilities/`
//! (an app manifest turns on access control for the app's own commands too).

/// Every command in `src/commands/`; a command missing here cannot be called at all.
const COMMANDS: &[&str] = &[
    "session_state",
    "request_pin",
    "log_in",
    "dashboard",
    "book_stay",
    "cancel_stay",
    "log_out",
    "server_now",
    "search_properties",
    "register",
    "upload_registration_proof",
    "buy",
    "renew_permit",
    "set_auto_renew",
    "change_vehicle",
    "cancel_permit",
    "change_address",
    "payments",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
