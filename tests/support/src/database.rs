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
    /// The PostgreSQL server's admin URL and this test's database on it, dropped at the end.
    pg: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl TestDatabase {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg) = match std::env::var("PERMITS_TEST_PG_URL") {
            Ok(admin) if !admin.is_empty() => {
                let name = permit_server::db::new_id("test");
                let url = fresh_pg_database(&admin, &name).await;
                (url, Some((admin, name)))
            }
            _ => {
                let file = dir.path().join("permits.db");
                (format!("sqlite://{}", file.display()), None)
            }
        };
        let operator_token = permit_server::db::new_id("operator");
        Self {
            url,
            operator_token,
            pg,
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

/// Drops this test's PostgreSQL database (a suite run makes hundreds: gigabytes left behind
/// otherwise). On a thread of its own, since a test's runtime may be ending; best effort.
impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin, name)) = self.pg.take() else {
            return;
        };
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                use sqlx::Connection;
                let mut conn = sqlx::postgres::PgConnection::connect(&admin).await.ok()?;
                let drop = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                sqlx::query(&drop).execute(&mut conn).await.ok()
            })
        });
        let _ = dropped.join();
    }
}

/// Creates an empty database `name` on the server at `admin_url`.
async fn fresh_pg_database(admin_url: &str, name: &str) -> String {
    use sqlx::Connection;
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
