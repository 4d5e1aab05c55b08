//! `permit-bench seed --database-url URL --out DIR [--households N] [--stays N] [--permits N]`
//! `permit-bench verify --database-url URL`
//! `permit-bench purchases --url URL --file FILE [--connections N] [--seconds S]`
//!
//! `seed` fills an empty database with a council-sized data set, through the server's own
//! migrations, and writes what the load generator needs into DIR: the gazetteer of the
//! generated properties, session tokens, booking requests and enforcement queries.
//! `verify` checks, after a booking run, that every visitor permit spent is one stay and no
//! bundle went below zero: the allowance checks held under load. `purchases` makes whole
//! two-phase purchases against a running server (see `purchases.rs`).
//! scripts/bench.sh runs them around the release server and wrk.

mod dataset;
mod insert;
mod outputs;
mod plates;
mod purchases;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug)]
struct Args {
    command: String,
    database_url: String,
    out: PathBuf,
    councils_dir: PathBuf,
    sizes: dataset::Sizes,
    purchases: purchases::Run,
}

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let command = it.next().ok_or(USAGE)?;
    let mut args = Args {
        command,
        database_url: String::new(),
        out: PathBuf::from("bench-data"),
        councils_dir: PathBuf::from("assets/councils"),
        sizes: dataset::Sizes::default(),
        purchases: purchases::Run {
            url: String::new(),
            file: PathBuf::from("bench-data/purchases.tsv"),
            connections: 16,
            seconds: 15,
        },
    };
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        let count = |v: String| {
            v.parse::<usize>()
                .map_err(|_| format!("{v} is not a count"))
        };
        match flag.as_str() {
            "--database-url" => args.database_url = value()?,
            "--out" => args.out = value()?.into(),
            "--councils-dir" => args.councils_dir = value()?.into(),
            "--households" => args.sizes.households = count(value()?)?,
            "--stays" => args.sizes.stays = count(value()?)?,
            "--permits" => args.sizes.permits = count(value()?)?,
            "--url" => args.purchases.url = value()?,
            "--file" => args.purchases.file = value()?.into(),
            "--connections" => args.purchases.connections = count(value()?)?,
            "--seconds" => args.purchases.seconds = count(value()?)? as u64,
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let needs = if args.command == "purchases" {
        (args.purchases.url.is_empty(), "--url")
    } else {
        (args.database_url.is_empty(), "--database-url")
    };
    if needs.0 {
        return Err(format!("{} is required\n{USAGE}", needs.1));
    }
    Ok(args)
}

const USAGE: &str = "usage: permit-bench seed --database-url URL --out DIR [--councils-dir DIR] [--households N] [--stays N] [--permits N]\n       permit-bench verify --database-url URL\n       permit-bench purchases --url URL --file FILE [--connections N] [--seconds S]";

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let result = match args.command.as_str() {
        "seed" => seed(&args).await,
        "verify" => verify::run(&args.database_url).await,
        "purchases" => purchases::run(&args.purchases).await,
        other => Err(format!("unknown command {other}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("permit-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn seed(args: &Args) -> Result<(), String> {
    let councils = permit_server::councils::Councils::load(&args.councils_dir)?;
    let schemes: Vec<_> = councils.all().cloned().collect();
    let now = chrono::Utc::now();
    let started = std::time::Instant::now();
    let data = dataset::generate(&schemes, &args.sizes, now)?;
    eprintln!(
        "generated {} households, {} stays, {} permits, {} bundles in {:.1?}",
        data.households.len(),
        data.stays.len(),
        data.permits.len(),
        data.bundles.len(),
        started.elapsed()
    );
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    outputs::write_all(&args.out, &data, now).map_err(|e| format!("writing outputs: {e}"))?;
    let started = std::time::Instant::now();
    insert::all(&args.database_url, &data, now.timestamp())
        .await
        .map_err(|e| format!("database: {e}"))?;
    eprintln!("inserted in {:.1?}", started.elapsed());
    Ok(())
}
