//! A backend of its own per test (on a runtime the test can shut down, to go offline), and
//! the app on the mock runtime, invoked over IPC like the webview does.

use chrono::{DateTime, TimeZone, Utc};
use keyring_core::CredentialStore;
use permit_api_types::{PurchaseOrder, RegistrationRequest};
use permit_app::{Core, context, run_app};
use permit_app_core::AppCore;
use permit_app_core::cache::OfflineCache;
use permit_app_core::session::{KeyringSessionStore, SessionStore, SessionToken};
use permit_client::Client;
use permit_rules::clock::ManualClock;
use permit_server::{Application, Settings};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub(crate) const COUNCIL: &str = "hampshire";
pub(crate) const CARD_OK: &str = "4242 4242 4242 4242";

/// The real server with its own SQLite file, on a runtime of its own so that dropping it
/// stops the server and every connection it holds: the app then finds it unreachable.
pub(crate) struct Backend {
    runtime: Option<tokio::runtime::Runtime>,
    pub(crate) url: String,
    _dir: tempfile::TempDir,
}

fn workspace_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

impl Backend {
    pub(crate) fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("server runtime");
        let settings = Settings {
            bind: "127.0.0.1:0".parse().expect("loopback"),
            database_url: permit_server::secret::Secret::new(format!(
                "sqlite://{}",
                dir.path().join("permits.db").display()
            )),
            councils_dir: workspace_path("assets/councils"),
            gazetteer_dir: workspace_path("assets/gazetteer"),
            // The operator outbox (where PINs are read) exists only in test mode.
            test_clock: true,
            ..Settings::default()
        };
        // Bound before this returns: the port accepts connections from here on, no waiting.
        let app = runtime
            .block_on(Application::build(settings))
            .expect("server builds");
        let url = format!("http://127.0.0.1:{}", app.port());
        runtime.spawn(app.run_until_stopped());
        Self {
            runtime: Some(runtime),
            url,
            _dir: dir,
        }
    }

    /// Runs a client call on the server's runtime (test set-up through the public API).
    pub(crate) fn call<T>(&self, f: impl std::future::Future<Output = T>) -> T {
        self.runtime
            .as_ref()
            .expect("the backend is running")
            .block_on(f)
    }

    /// Registers a Hampshire resident at a demo property and gives them 10 visitor permits,
    /// as if done on the website. Returns the email they log in with.
    pub(crate) fn resident_with_permits(&self, email: &str) -> String {
        let client = Client::new(&self.url);
        let registration = RegistrationRequest {
            property_id: "hampshire-0001".into(),
            full_name: "Sam Resident".into(),
            email: Some(email.into()),
            council_tax_account: Some("41000012".into()),
            ..RegistrationRequest::default()
        };
        self.call(client.register(COUNCIL, &registration))
            .expect("registers");
        let pin = self.latest_pin(email);
        let session = self
            .call(client.log_in(COUNCIL, email, &pin))
            .expect("set-up login");
        let resident = client.with_token(session.token);
        let order = PurchaseOrder {
            permit_type: "visitor-bundle".into(),
            quantity: 1,
            card_number: CARD_OK.into(),
            ..PurchaseOrder::default()
        };
        self.call(resident.purchase(&format!("setup-{email}"), &order))
            .expect("buys a bundle");
        self.call(resident.log_out()).expect("set-up logout");
        email.to_owned()
    }

    /// The 6-digit PIN in the newest message to `contact` (the test-mode outbox).
    pub(crate) fn latest_pin(&self, contact: &str) -> String {
        let messages = self
            .call(Client::new(&self.url).outbox(contact))
            .expect("outbox");
        let body = &messages.first().expect("a message was sent").body;
        body.split(|c: char| !c.is_ascii_digit())
            .find(|word| word.len() == 6)
            .expect("the message holds a 6-digit PIN")
            .to_owned()
    }

    /// Whether the server still accepts this token (asked directly, not through the app).
    pub(crate) fn accepts(&self, token: &SessionToken) -> bool {
        let client = Client::new(&self.url).with_token(token.expose());
        match self.call(client.me()) {
            Ok(_) => true,
            Err(error) if error.status() == Some(401) => false,
            Err(error) => panic!("unexpected answer: {error}"),
        }
    }

    /// Stops the server: its runtime, listener and open connections all go.
    pub(crate) fn stop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// The app on the mock runtime, with its app data directory, keyring and clock in reach.
pub(crate) struct TestApp {
    app: App<MockRuntime>,
    pub(crate) window: WebviewWindow<MockRuntime>,
    pub(crate) data_dir: PathBuf,
    keyring: Arc<CredentialStore>,
    pub(crate) clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

pub(crate) fn nine_am() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("valid instant")
}

impl TestApp {
    pub(crate) fn start(backend_url: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let data_dir = dir.path().join("app-data");
        let keyring: Arc<CredentialStore> = keyring_core::mock::Store::new().expect("mock store");
        let clock = Arc::new(ManualClock::new(nine_am()));
        let core: Core = AppCore::new(
            Client::new(backend_url),
            Box::new(KeyringSessionStore::new(keyring.clone())),
            OfflineCache::new(&data_dir),
            clock.clone(),
        );
        let app = run_app(mock_builder())
            .manage(core)
            .build(context())
            .expect("the app builds");
        // The window the capability names; the config's windows are made only by `run`.
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("main window");
        Self {
            app,
            window,
            data_dir,
            keyring,
            clock,
            _dir: dir,
        }
    }

    /// Calls a command as the main window's webview does; `Ok` is the JSON it gets, `Err`
    /// the error JSON.
    pub(crate) fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        self.invoke_in(&self.window, cmd, args)
    }

    /// Another window of the same app.
    pub(crate) fn window_labelled(&self, label: &str) -> WebviewWindow<MockRuntime> {
        WebviewWindowBuilder::new(&self.app, label, Default::default())
            .build()
            .expect("window")
    }

    pub(crate) fn invoke_in(
        &self,
        window: &WebviewWindow<MockRuntime>,
        cmd: &str,
        args: Value,
    ) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        tauri::test::get_ipc_response(window, request)
            .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
    }

    /// The token in the (mock) keyring, read the way the app reads it.
    pub(crate) fn stored_token(&self) -> Option<SessionToken> {
        KeyringSessionStore::new(self.keyring.clone())
            .load()
            .expect("keyring readable")
    }

    /// Asks for a PIN through the app, reads it from the outbox, logs in through the app.
    pub(crate) fn log_in(&self, backend: &Backend, email: &str) -> Value {
        self.log_in_at(backend, COUNCIL, email)
    }

    pub(crate) fn log_in_at(&self, backend: &Backend, council: &str, email: &str) -> Value {
        self.invoke(
            "request_pin",
            serde_json::json!({ "council": council, "contact": email }),
        )
        .expect("PIN requested");
        let pin = backend.latest_pin(email);
        self.invoke(
            "log_in",
            serde_json::json!({ "council": council, "contact": email, "pin": pin }),
        )
        .expect("logs in")
    }
}

/// Every file under `dir`, recursively.
pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}
