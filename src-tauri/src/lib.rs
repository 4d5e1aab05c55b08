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
        // Issue 16: the hosted payment page opens in the system browser (from Rust only).
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            let data_dir = offline_copy_dir(app.path())?;
            app.manage(startup.into_core(data_dir));
            app.manage(Downloads::of(app.path())?);
            Ok(())
        })
        .run(context());
    if let Err(error) = app {
        exit_with(&error);
    }
}

/// Where the offline copy of upcoming stays lives: the per-user app data folder, as it always
/// has on the desktop (so an update keeps a resident's saved copy).
#[cfg(desktop)]
fn offline_copy_dir<R: Runtime>(
    paths: &tauri::path::PathResolver<R>,
) -> tauri::Result<std::path::PathBuf> {
    paths.app_data_dir()
}

/// On a phone: the app's private, never-synchronised local storage (Android: the app's
/// internal files folder, which no other app can read; iOS: the sandbox's Application
/// Support). Not the cache folder, which the OS may empty when storage runs low, and a
/// resident at the kerb without signal needs the copy most exactly then.
#[cfg(mobile)]
fn offline_copy_dir<R: Runtime>(
    paths: &tauri::path::PathResolver<R>,
) -> tauri::Result<std::path::PathBuf> {
    paths.app_local_data_dir()
}

/// Where the app saves files the resident asks for (a stay's calendar file, issue 18).
#[derive(Debug, Clone)]
pub struct Downloads(pub std::path::PathBuf);

impl Downloads {
    /// The user's downloads folder, else their documents (a phone may have neither shared
    /// folder for the app: then the app's own data folder, which the resident's Files app
    /// shows on iOS).
    fn of<R: Runtime>(paths: &tauri::path::PathResolver<R>) -> tauri::Result<Self> {
        paths
            .download_dir()
            .or_else(|_| paths.document_dir())
            .or_else(|_| paths.app_local_data_dir())
            .map(Self)
    }
}

fn exit_with(error: &dyn std::fmt::Display) -> ! {
    tracing::error!(%error, "the app cannot run");
    eprintln!("Resident Parking Permits cannot run: {error}");
    std::process::exit(1)
}

/// Registers the handlers and checks, when the crate compiles, that they are exactly the
/// commands `permit_api_types::app::commands::ALL` names (which `build.rs` declares and the
/// UI calls), in the same order.
macro_rules! app_commands {
    ($($name:ident),+ $(,)?) => {
        const HANDLED: &[&str] = &[$(stringify!($name)),+];
        const _: () = assert!(
            same_names(HANDLED, permit_api_types::app::commands::ALL),
            "the handlers in run_app and permit_api_types::app::commands::ALL differ",
        );

        /// The app's commands on any runtime. The caller manages a [`Core`]: `run` makes the
        /// production one at start-up; tests pass `tauri::test::mock_builder()` and manage a
        /// core on a test backend and the mock keyring.
        pub fn run_app<R: Runtime>(builder: Builder<R>) -> Builder<R> {
            builder.invoke_handler(tauri::generate_handler![$(commands::$name),+])
        }
    };
}

app_commands![
    session_state,
    request_pin,
    log_in,
    dashboard,
    book_stay,
    cancel_stay,
    log_out,
    log_out_everywhere,
    server_now,
    search_properties,
    register,
    upload_registration_proof,
    start_purchase,
    start_renewal,
    pay_ready_order,
    purchase_order,
    set_auto_renew,
    renews_automatically,
    change_vehicle,
    cancel_permit,
    change_address,
    payments,
    add_contact,
    confirm_contact,
    account_settings,
    set_account_settings,
    past_stays,
    rename_vehicle,
    delete_vehicle,
    save_stay_calendar,
];

/// Whether two lists hold the same names in the same order (a `const fn`, so a mismatch
/// stops the build).
const fn same_names(a: &[&str], b: &[&str]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        let (x, y) = (a[i].as_bytes(), b[i].as_bytes());
        if x.len() != y.len() {
            return false;
        }
        let mut j = 0;
        while j < x.len() {
            if x[j] != y[j] {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// The app's configuration, capabilities and assets (the root `tauri.conf.json`).
pub fn context<R: Runtime>() -> Context<R> {
    tauri::generate_context!()
}
