//! Declares the app's commands, so the ACL allows only those granted in `capabilities/`
//! (an app manifest turns on access control for the app's own commands too).

/// Every command in `src/commands/`, named once in `permit-api-types` (the handler list in
/// `src/lib.rs` is checked against it when the crate compiles); a command missing there cannot
/// be called at all.
const COMMANDS: &[&str] = permit_api_types::app::commands::ALL;

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
