//! The Tauri shell: windows, IPC and the OS, nothing else. Every command forwards to
//! `permit-app-core`, which holds the logic; the session token stays there and in the OS
//! keyring, so the webview can never receive it.

mod commands;
mod start;

pub use start::{StartError, Startup};

use permit_app_core::AppCore;
use tauri::{Builder, Context, Manager, Runtime};

/// The app's core as the shell holds it: talking to the real backend client.
pub type Core = AppCore<permit_client::Client>;

/// The desktop and mobile entry point: the app with its production core.
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    // Diagnostics on stderr (`RUST_LOG` to change the level). Nothing logged holds the token.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
    let startup = match Startup::from_env() {
        Ok(startup) => startup,
        Err(error) => exit_with(&error),
    };
    let app = run_app(Builder::default())
        .setup(move |app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(startup.into_core(data_dir));
            Ok(())
        })
        .run(context());
    if let Err(error) = app {
        exit_with(&error);
    }
}

fn exit_with(error: &dyn std::fmt::Display) -> ! {
    tracing::error!(%error, "the app cannot run");
    eprintln!("Resident Parking Permits cannot run: {error}");
    std::process::exit(1)
}

/// The app's commands on any runtime. The caller manages a [`Core`]: `run` makes the
/// production one at start-up; tests pass `tauri::test::mock_builder()` and manage a core on
/// a test backend and the mock keyring.
pub fn run_app<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::session_state,
        commands::request_pin,
        commands::log_in,
        commands::dashboard,
        commands::book_stay,
        commands::cancel_stay,
        commands::log_out,
        commands::server_now,
        commands::search_properties,
        commands::register,
        commands::upload_registration_proof,
        commands::buy,
        commands::renew_permit,
        commands::set_auto_renew,
        commands::change_vehicle,
        commands::cancel_permit,
        commands::change_address,
        commands::payments,
    ])
}

/// The app's configuration, capabilities and assets (the root `tauri.conf.json`).
pub fn context<R: Runtime>() -> Context<R> {
    tauri::generate_context!()
}
