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
    /// On PostgreSQL, the admin URL and this database's name, to drop it when the test ends.
    pg: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl TestDatabase {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, pg) = match std::env::var("PERMITS_TEST_PG_URL") {
            Ok(admin) if !admin.is_empty() => {
                let (url, name) = fresh_pg_database(&admin).await;
                (url, Some((admin, name)))
            }
            _ => (
                format!("sqlite://{}", dir.path().join("permits.db").display()),
                None,
            ),
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

/// A PostgreSQL run of the api suite makes about 300 databases of 10 MB each: without this a
/// developer's disk fills after a few runs. FORCE ends the connections of servers still running
/// on it (a test's server stops with its runtime, which may outlive this value). Drop cannot
/// await and may run inside a runtime, so the statement runs on a thread with a runtime of its own.
impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin, name)) = self.pg.take() else {
            return;
        };
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                use sqlx::Connection;
                let mut admin = sqlx::postgres::PgConnection::connect(&admin)
                    .await
                    .map_err(|e| e.to_string())?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .map_err(|e| format!("{name}: {e}"))?;
                admin.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        // A database left behind costs disk, not correctness: say so and go on.
        match dropped {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("test database not dropped: {e}"),
            Err(_) => eprintln!("test database not dropped: the dropping thread panicked"),
        }
    }
}

/// Creates an empty database named for this test on the server at `admin_url`: its URL and name.
async fn fresh_pg_database(admin_url: &str) -> (String, String) {
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
    (format!("{server}/{name}{query}"), name)
}
