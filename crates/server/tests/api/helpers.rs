use permit_client::Client;
use permit_server::{Application, Settings, secret::Secret};
use std::path::PathBuf;

/// One running server with its own database; dropped at the end of the test.
#[derive(Debug)]
pub(crate) struct TestApp {
    pub(crate) client: Client,
    pub(crate) port: u16,
    // Holds the SQLite file's folder until the test ends.
    _dir: tempfile::TempDir,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    pub(crate) test_clock: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { test_clock: true }
    }
}

fn workspace_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

pub(crate) async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub(crate) async fn spawn_app_with(options: Options) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = match std::env::var("PERMITS_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => fresh_pg_database(&url).await,
        _ => format!("sqlite://{}", dir.path().join("permits.db").display()),
    };
    let settings = Settings {
        bind: "127.0.0.1:0".parse().expect("loopback address"),
        database_url: Secret::new(database_url),
        councils_dir: workspace_path("assets/councils"),
        gazetteer_dir: workspace_path("assets/gazetteer"),
        test_clock: options.test_clock,
        log_outbox: false,
    };
    let app = Application::build(settings).await.expect("server builds");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        client: Client::new(&format!("http://127.0.0.1:{port}")),
        port,
        _dir: dir,
    }
}

/// Creates an empty database named for this test on the server at `admin_url`.
async fn fresh_pg_database(admin_url: &str) -> String {
    use sqlx::Connection;
    let name = permit_server::db::new_id("test");
    let mut admin = sqlx::postgres::PgConnection::connect(admin_url)
        .await
        .expect("PERMITS_TEST_PG_URL reachable");
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let (server, _db) = base.rsplit_once('/').expect("URL names a database");
    format!("{server}/{name}{query}")
}
