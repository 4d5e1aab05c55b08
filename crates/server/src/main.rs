//! `permit-server [--config FILE] [--demo] [--test-clock]`
//! `permit-server [--config FILE] --add-staff COUNCIL admin EMAIL "FULL NAME"`
//!
//! `--demo` runs on a SQLite file under `./data/` with the four councils, the demo
//! properties, one demo resident per council and a demo officer, agent and admin, and prints
//! how to log in. `--add-staff` adds a council's first admin to the configured database and
//! exits (refused once the council has an admin, who adds everyone else in the office); they
//! log in with a code emailed to them.

use permit_api_types::NewStaffMember;
use permit_server::{Application, Settings, demo, telemetry};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Default)]
struct Args {
    config: Option<PathBuf>,
    demo: bool,
    test_clock: bool,
    add_staff: Option<NewStaffMember>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--demo" => args.demo = true,
            "--test-clock" => args.test_clock = true,
            "--config" => args.config = Some(it.next().ok_or("--config needs a file")?.into()),
            "--add-staff" => {
                let mut next = || it.next().ok_or("--add-staff COUNCIL ROLE EMAIL NAME");
                args.add_staff = Some(NewStaffMember {
                    council: next()?,
                    role: next()?,
                    email: next()?,
                    full_name: next()?,
                });
            }
            "-h" | "--help" => {
                return Err("usage: permit-server [--config FILE] [--demo] [--test-clock]\n       permit-server [--config FILE] --add-staff COUNCIL admin EMAIL NAME   (a council's first admin)".into());
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
    settings.demo = args.demo;
    if args.add_staff.is_some() {
        // A one-off command next to a running server: any free port will do, it serves nothing.
        settings.bind = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    }
    if args.demo {
        // The PIN of a demo login is only ever "sent" to the outbox: print it.
        settings.log_outbox = true;
        // A demo takes the sandbox's test cards, never real money.
        settings.payments.sandbox = true;
        demo::use_source_tree_assets(&mut settings);
    }
    tracing::info!(?settings, "starting");
    let bind_ip = settings.bind.ip();
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            return ExitCode::FAILURE;
        }
    };
    if let Some(member) = &args.add_staff {
        return match permit_server::staff::add_first_admin(app.state(), member).await {
            Ok(()) => {
                println!(
                    "added {} {} at {}",
                    member.role, member.email, member.council
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("cannot add staff: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if let Some(token) = app.operator_token() {
        // Printed, never logged: whoever runs the server holds it, log readers do not.
        println!("operator token (header X-Operator-Token): {token}");
    }
    // On standard output, for whoever started it (a port 0 bind learns its port here).
    println!(
        "listening on http://{}",
        std::net::SocketAddr::new(bind_ip, app.port())
    );
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
