//! A database of its own per test: a SQLite file in a temp folder, or a fresh PostgreSQL
//! database on the server `PERMITS_TEST_PG_URL` names.

use crate::workspace_path;
use permit_server::Settings;
use permit_server::payments::settings::PaymentSettings;
use permit_server::secret::Secret;
use std::net::SocketAddr;

/// Lives as long as the test: the SQLite file's folder goes with it.
#[derive(Debug)]
pub struct TestDatabase {
    url: String,
    /// The operator token of every server on this database (kept across restarts).
    operator_token: String,
    _dir: tempfile::TempDir,
}

impl TestDatabase {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = match std::env::var("PERMITS_TEST_PG_URL") {
            Ok(url) if !url.is_empty() => fresh_pg_database(&url).await,
            _ => format!("sqlite://{}", dir.path().join("permits.db").display()),
        };
        let operator_token = permit_server::db::new_id("operator");
        Self {
            url,
            operator_token,
            _dir: dir,
        }
    }

    /// `sqlite://...` or `postgres://...`: for server processes started on this database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The operator token the servers on this database accept.
    pub fn operator_token(&self) -> &str {
        &self.operator_token
    }

    /// Settings for a server on this database at `127.0.0.1:port` (0 for any free port), with
    /// the demo councils and gazetteer, the test clock (which also opens the outbox) and the
    /// payment sandbox.
    pub fn settings(&self, port: u16) -> Settings {
        Settings {
            bind: SocketAddr::from(([127, 0, 0, 1], port)),
            database_url: Secret::new(self.url.clone()),
            councils_dir: workspace_path("assets/councils"),
            gazetteer_dir: workspace_path("assets/gazetteer"),
            test_clock: true,
            log_outbox: false,
            web_dir: None,
            office_dir: None,
            channels: Default::default(),
            // Tests pay with the sandbox's test cards.
            payments: PaymentSettings {
                sandbox: true,
                ..PaymentSettings::default()
            },
            demo: false,
            operator_token: Some(Secret::new(self.operator_token.clone())),
            http: Default::default(),
        }
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
