//! `permit-server [--config FILE] [--demo] [--test-clock]`
//!
//! `--demo` runs on a SQLite file under `./data/` with the four councils, the demo
//! properties and one demo resident per council, and prints how to log in.

use permit_server::{Application, Settings, demo, telemetry};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Default)]
struct Args {
    config: Option<PathBuf>,
    demo: bool,
    test_clock: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--demo" => args.demo = true,
            "--test-clock" => args.test_clock = true,
            "--config" => args.config = Some(it.next().ok_or("--config needs a file")?.into()),
            "-h" | "--help" => {
                return Err("usage: permit-server [--config FILE] [--demo] [--test-clock]".into());
            }
            other => return Err(format!("unknown argument {other}; try --help")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    telemetry::init();
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut settings = match Settings::load(args.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    settings.test_clock |= args.test_clock;
    if args.demo {
        // The PIN of a demo login is only ever "sent" to the outbox: print it.
        settings.log_outbox = true;
        demo::use_source_tree_assets(&mut settings);
    }
    tracing::info!(?settings, "starting");
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            return ExitCode::FAILURE;
        }
    };
    if args.demo {
        if let Err(error) = demo::seed(app.state()).await {
            tracing::error!(%error, "cannot seed demo data");
            return ExitCode::FAILURE;
        }
        demo::print_instructions(app.state(), app.port());
    }
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "server failed");
            ExitCode::FAILURE
        }
    }
}
