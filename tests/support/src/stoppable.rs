//! The real server in a runtime of its own, so that stopping it ends every task it spawned:
//! its listener and any keep-alive connection a client holds, as when the server goes away.
//! Started again, it takes the same port and the same database. Usable from async tests and
//! from plain `#[test]`s (which run their API calls on the server's runtime with [`call`]).
//!
//! [`call`]: StoppableServer::call

use crate::TestDatabase;
use permit_client::Client;
use permit_server::{Application, Settings};
use std::time::Duration;
use tokio::runtime::Runtime;

#[derive(Debug)]
pub struct StoppableServer {
    /// `http://127.0.0.1:<port>`: what an app is given as its API address.
    pub url: String,
    /// The typed client (operator endpoints: the outbox).
    pub client: Client,
    port: u16,
    running: Option<Runtime>,
    // Kept across restarts until the test ends.
    database: TestDatabase,
}

impl StoppableServer {
    pub fn start() -> Self {
        let runtime = new_runtime();
        // Blocking on a runtime from inside another panics: a plain thread does it.
        let (runtime, database) = std::thread::spawn(move || {
            let database = runtime.block_on(TestDatabase::new());
            (runtime, database)
        })
        .join()
        .expect("database thread");
        let (runtime, port) = serve(runtime, database.settings(0));
        let url = format!("http://127.0.0.1:{port}");
        Self {
            client: Client::new(&url).with_operator_token(database.operator_token()),
            url,
            port,
            running: Some(runtime),
            database,
        }
    }

    /// Runs a future on the server's runtime: API calls from a test that has no runtime.
    pub fn call<T>(&self, future: impl Future<Output = T>) -> T {
        self.running
            .as_ref()
            .expect("the server is running")
            .block_on(future)
    }

    /// Stops the server and waits until all its tasks (and so its sockets) are gone.
    pub fn stop(&mut self) {
        if let Some(runtime) = self.running.take() {
            // Shutting a runtime down blocks: not on a test's own runtime threads.
            std::thread::spawn(move || runtime.shutdown_timeout(Duration::from_secs(10)))
                .join()
                .expect("server stops");
        }
    }

    /// Starts the server again on the same port and database.
    pub fn start_again(&mut self) {
        assert!(self.running.is_none(), "the server is already running");
        let (runtime, port) = serve(new_runtime(), self.database.settings(self.port));
        assert_eq!(port, self.port);
        self.running = Some(runtime);
    }
}

impl Drop for StoppableServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn new_runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("server runtime")
}

/// Builds the server on `runtime` (bound before this returns: the port accepts connections
/// from here on) and runs it there.
fn serve(runtime: Runtime, settings: Settings) -> (Runtime, u16) {
    let (runtime, app) = std::thread::spawn(move || {
        let app = runtime.block_on(Application::build(settings));
        (runtime, app)
    })
    .join()
    .expect("server thread");
    let app = app.expect("server builds");
    let port = app.port();
    runtime.spawn(app.run_until_stopped());
    (runtime, port)
}
