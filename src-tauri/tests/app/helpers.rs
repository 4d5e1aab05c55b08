//! A backend of its own per test (on a runtime the test can shut down, to go offline), and
//! the app on the mock runtime, invoked over IPC like the webview does.

use chrono::{DateTime, TimeZone, Utc};
use keyring_core::CredentialStore;
use permit_api_types::PurchaseOrder;
use permit_app::{Core, Downloads, context, run_app};
use permit_app_core::AppCore;
use permit_app_core::cache::OfflineCache;
use permit_app_core::session::{KeyringSessionStore, SessionStore, SessionToken};
use permit_client::Client;
use permit_rules::clock::ManualClock;
use permit_test_support::PaysOnSandbox;
use permit_test_support::StoppableServer;
use permit_test_support::outbox::latest_pin;
use permit_test_support::resident::{log_in_with_latest_pin, register};
use serde_json::Value;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub(crate) const COUNCIL: &str = "hampshire";

/// The real server with its own database, on a runtime of its own so that stopping it ends
/// the server and every connection it holds: the app then finds it unreachable.
/// (tests/support's server; the set-up below is this suite's.)
pub(crate) struct Backend(StoppableServer);

impl Deref for Backend {
    type Target = StoppableServer;

    fn deref(&self) -> &StoppableServer {
        &self.0
    }
}

impl DerefMut for Backend {
    fn deref_mut(&mut self) -> &mut StoppableServer {
        &mut self.0
    }
}

impl Backend {
    pub(crate) fn start() -> Self {
        Self(StoppableServer::start())
    }

    /// Registers a Hampshire resident at a demo property and gives them 10 visitor permits,
    /// as if done on the website. Returns the email they log in with.
    pub(crate) fn resident_with_permits(&self, email: &str) -> String {
        let client = &self.client;
        self.call(register(client, COUNCIL, email));
        let resident = self.call(log_in_with_latest_pin(client, COUNCIL, email));
        let order = PurchaseOrder {
            permit_type: "visitor-bundle".into(),
            quantity: 1,
            ..PurchaseOrder::default()
        };
        self.call(resident.buy(&format!("setup-{email}"), &order))
            .expect("buys a bundle");
        self.call(resident.log_out()).expect("set-up logout");
        email.to_owned()
    }

    /// Issue 16: buys through the app as a resident does: `start_purchase` makes the order (the
    /// app would open its payment page in the system browser), the payer pays on the sandbox's
    /// page, and `purchase_order` follows it until it is paid. The receipt.
    pub(crate) fn buy_in_app(&self, app: &TestApp, key: &str, order: &Value) -> Value {
        let started = app
            .invoke(
                "start_purchase",
                serde_json::json!({ "idempotencyKey": key, "order": order }),
            )
            .expect("order made");
        self.paid_in_app(app, &started)
    }

    /// Pays an order the app started (a purchase or a renewal) on the sandbox's page, as the
    /// payer does in the system browser, and follows it through the app until it is paid. The
    /// receipt.
    pub(crate) fn paid_in_app(&self, app: &TestApp, started: &Value) -> Value {
        let id = started["id"].as_str().expect("order id").to_owned();
        let read = |app: &TestApp| {
            app.invoke("purchase_order", serde_json::json!({ "id": id }))
                .expect("order read")
        };
        let mut order = read(app);
        if order["state"] == "awaiting_payment" {
            let page = order["next_url"].as_str().expect("a payment page");
            let paid = self.call(permit_test_support::payment::pay_on_sandbox_page(
                page,
                permit_test_support::payment::CARD_OK,
            ));
            assert_eq!(paid.status(), 303, "paid, back to the service");
            // The system browser, with no session, comes back to the page that needs none,
            // whichever way the app took the order to payment (the emailed link's one too).
            let back = paid.headers().get("location").and_then(|v| v.to_str().ok());
            assert!(
                back.is_some_and(|url| url.contains("/payment-return/")),
                "{back:?}"
            );
            order = read(app);
        }
        assert_eq!(order["state"], "paid", "{order}");
        order["receipt"].clone()
    }

    /// The 6-digit PIN in the newest message to `contact` (the test-mode outbox).
    pub(crate) fn latest_pin(&self, contact: &str) -> String {
        self.call(latest_pin(&self.client, contact))
    }

    /// Whether the server still accepts this token (asked directly, not through the app).
    pub(crate) fn accepts(&self, token: &SessionToken) -> bool {
        let client = self.client.with_token(token.expose());
        match self.call(client.me()) {
            Ok(_) => true,
            Err(error) if error.status() == Some(401) => false,
            Err(error) => panic!("unexpected answer: {error}"),
        }
    }
}

/// The app on the mock runtime, with its app data directory, keyring and clock in reach.
pub(crate) struct TestApp {
    app: App<MockRuntime>,
    pub(crate) window: WebviewWindow<MockRuntime>,
    pub(crate) data_dir: PathBuf,
    /// Where the app saves calendar files (the downloads folder on a device).
    pub(crate) downloads: PathBuf,
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
        let downloads = dir.path().join("Downloads");
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
            .manage(Downloads(downloads.clone()))
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
            downloads,
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
