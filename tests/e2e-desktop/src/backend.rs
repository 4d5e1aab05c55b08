//! The real backend on port 0 with the test clock on, in a runtime of its own so that
//! stopping it ends every task it spawned: its listener and any keep-alive connection the app
//! holds, as when the server goes away. Started again, it takes the same port and the same
//! SQLite database, so the app finds its session and stays where it left them.

use permit_client::Client;
use permit_client::types::RegistrationRequest;
use permit_server::secret::Secret;
use permit_server::{Application, Settings};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use tokio::runtime::Runtime;

#[derive(Debug)]
pub struct Backend {
    /// `http://127.0.0.1:<port>`: what the app is given as `PERMITS_API_URL`.
    pub url: String,
    /// The typed client (operator endpoints: the outbox).
    pub api: Client,
    port: u16,
    running: Option<Runtime>,
    // The SQLite file's folder, kept across restarts until the test ends.
    dir: tempfile::TempDir,
}

impl Backend {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (runtime, port) = serve(settings(&dir, 0));
        let url = format!("http://127.0.0.1:{port}");
        Self {
            api: Client::new(&url),
            url,
            port,
            running: Some(runtime),
            dir,
        }
    }

    /// Stops the server and waits until all its tasks (and so its sockets) are gone.
    pub fn stop(&mut self) {
        if let Some(runtime) = self.running.take() {
            // Shutting a runtime down blocks: not on the test's own runtime threads.
            std::thread::spawn(move || runtime.shutdown_timeout(Duration::from_secs(10)))
                .join()
                .expect("backend stops");
        }
    }

    /// Starts the server again on the same port and database.
    pub fn start_again(&mut self) {
        assert!(self.running.is_none(), "the backend is already running");
        let (runtime, port) = serve(settings(&self.dir, self.port));
        assert_eq!(port, self.port);
        self.running = Some(runtime);
    }

    /// Registers a Hampshire resident by email (its demo property, assets/gazetteer).
    pub async fn register(&self, email: &str) {
        let request = RegistrationRequest {
            property_id: "hampshire-0001".into(),
            full_name: "Sam Resident".into(),
            email: Some(email.into()),
            council_tax_account: Some("41000012".into()),
            ..RegistrationRequest::default()
        };
        self.api
            .register("hampshire", &request)
            .await
            .expect("registers");
    }

    /// The 6-digit PIN in the newest message to `contact` once `count` messages were sent.
    pub async fn pin(&self, contact: &str, count: usize) -> String {
        for _ in 0..300 {
            let messages = self.api.outbox(contact).await.expect("outbox");
            if messages.len() >= count {
                let body = &messages.first().expect("a message").body;
                return body
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|word| word.len() == 6)
                    .expect("the message holds a 6-digit PIN")
                    .to_owned();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{contact} never got {count} messages");
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.stop();
    }
}

fn settings(dir: &tempfile::TempDir, port: u16) -> Settings {
    Settings {
        bind: SocketAddr::from(([127, 0, 0, 1], port)),
        database_url: Secret::new(format!(
            "sqlite://{}",
            dir.path().join("permits.db").display()
        )),
        councils_dir: workspace_path("assets/councils"),
        gazetteer_dir: workspace_path("assets/gazetteer"),
        test_clock: true,
        ..Settings::default()
    }
}

/// Builds the server on a fresh runtime (binding before it returns) and runs it there.
fn serve(settings: Settings) -> (Runtime, u16) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("backend runtime");
    // Blocking on the new runtime from the test's async code would panic: use a plain thread.
    let (runtime, app) = std::thread::spawn(move || {
        let app = runtime.block_on(Application::build(settings));
        (runtime, app)
    })
    .join()
    .expect("backend thread");
    let app = app.expect("server builds");
    let port = app.port();
    runtime.spawn(app.run_until_stopped());
    (runtime, port)
}

/// The workspace root (this crate lives at tests/e2e-desktop).
pub fn workspace_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}
