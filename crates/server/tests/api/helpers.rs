use permit_client::Client;
use permit_client::types::{PurchaseOrder, RegistrationRequest};
use permit_server::payments::SandboxPayments;
use permit_server::{Application, Settings, secret::Secret};
use std::path::PathBuf;
use std::sync::Arc;

/// One running server with its own database; dropped at the end of the test.
#[derive(Debug)]
pub(crate) struct TestApp {
    pub(crate) client: Client,
    pub(crate) port: u16,
    /// The sandbox payment provider this server charges, to count charges.
    pub(crate) payments: Arc<SandboxPayments>,
    /// The running server's state, for checks the API does not expose (storage, jobs).
    pub(crate) state: permit_server::state::AppState,
    // Holds the SQLite file's folder until the test ends.
    _dir: tempfile::TempDir,
}

#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) test_clock: bool,
    pub(crate) web_dir: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            test_clock: true,
            web_dir: None,
        }
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
    // `TEST_LOG=1 cargo test ...` shows the servers' logs.
    if std::env::var_os("TEST_LOG").is_some() {
        permit_server::telemetry::init();
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&dir).await;
    settings.test_clock = options.test_clock;
    settings.web_dir = options.web_dir.clone();
    let payments = Arc::new(SandboxPayments::default());
    let app = Application::build_with_payments(settings, payments.clone())
        .await
        .expect("server builds");
    let port = app.port();
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        client: Client::new(&format!("http://127.0.0.1:{port}")),
        port,
        payments,
        state,
        _dir: dir,
    }
}

/// Settings for a test server with its own database: a SQLite file in `dir`, or a fresh
/// PostgreSQL database when `PERMITS_TEST_PG_URL` is set.
pub(crate) async fn test_settings(dir: &tempfile::TempDir) -> Settings {
    let database_url = match std::env::var("PERMITS_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => fresh_pg_database(&url).await,
        _ => format!("sqlite://{}", dir.path().join("permits.db").display()),
    };
    Settings {
        bind: "127.0.0.1:0".parse().expect("loopback address"),
        database_url: Secret::new(database_url),
        councils_dir: workspace_path("assets/councils"),
        gazetteer_dir: workspace_path("assets/gazetteer"),
        test_clock: true,
        log_outbox: false,
        web_dir: None,
        channels: test_channels(),
    }
}

/// The inbound-SMS webhook's shared secret in tests.
pub(crate) const SMS_SECRET: &str = "test-sms-webhook-secret";

/// An enforcement key valid at `council` in tests.
pub(crate) fn enforcement_key(council: &str) -> String {
    format!("enforcement-key-{council}")
}

fn test_channels() -> permit_server::channel_settings::ChannelSettings {
    use permit_server::channel_settings::{ChannelSettings, EnforcementKey};
    ChannelSettings {
        sms_webhook_key: Some(Secret::new(SMS_SECRET)),
        enforcement_keys: ["hampshire", "leicestershire", "cambridgeshire", "leicester"]
            .into_iter()
            .map(|council| EnforcementKey {
                council: council.into(),
                key: Secret::new(enforcement_key(council)),
            })
            .collect(),
        ..ChannelSettings::default()
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

/// A demo property per council, from assets/gazetteer, with its council tax account number.
pub(crate) fn property(council: &str) -> (&'static str, &'static str) {
    match council {
        "hampshire" => ("hampshire-0001", "41000012"),
        "leicestershire" => ("leicestershire-0001", "52000007"),
        "cambridgeshire" => ("cambridgeshire-0001", "63000003"),
        "leicester" => ("leicester-0001", "74000018"),
        other => panic!("no demo property for {other}"),
    }
}

/// A registration body for `council` with a fresh email address.
pub(crate) fn registration(council: &str, email: &str) -> RegistrationRequest {
    let (property_id, account) = property(council);
    RegistrationRequest {
        property_id: property_id.into(),
        full_name: "Sam Resident".into(),
        email: Some(email.into()),
        council_tax_account: Some(account.into()),
        ..RegistrationRequest::default()
    }
}

impl TestApp {
    /// The PIN in the newest message to `contact` (read from the test-mode outbox).
    pub(crate) async fn latest_pin(&self, contact: &str) -> String {
        let messages = self.client.outbox(contact).await.expect("outbox");
        let body = &messages.first().expect("a message was sent").body;
        body.split(|c: char| !c.is_ascii_digit())
            .find(|word| word.len() == 6)
            .expect("message holds a 6-digit PIN")
            .to_owned()
    }

    /// Registers at `council` (approved where no review is needed) and logs in.
    pub(crate) async fn resident(&self, council: &str, email: &str) -> Client {
        self.client
            .register(council, &registration(council, email))
            .await
            .expect("registers");
        let pin = self.latest_pin(email).await;
        let session = self
            .client
            .log_in(council, email, &pin)
            .await
            .expect("logs in");
        self.client.with_token(session.token)
    }
}

impl TestApp {
    /// Asks for a PIN for an existing account and logs in with it.
    pub(crate) async fn resident_logged_in(&self, council: &str, contact: &str) -> Client {
        self.client
            .request_pin(council, contact)
            .await
            .expect("pin requested");
        let pin = self.latest_pin(contact).await;
        let session = self
            .client
            .log_in(council, contact, &pin)
            .await
            .expect("logs in");
        self.client.with_token(session.token)
    }
}

/// Runs the futures at once on the runtime's threads and collects their results in order.
pub(crate) async fn join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("task finished"));
    }
    results
}

/// The logged-in resident's current registration.
pub(crate) async fn registration_of(resident: &Client) -> permit_client::types::Registration {
    resident
        .me()
        .await
        .expect("me")
        .registration
        .expect("has a registration")
}

pub(crate) const CARD_OK: &str = "4242 4242 4242 4242";

/// An order for `quantity` bundles of `permit_type`, paid with the card that succeeds.
pub(crate) fn bundles(permit_type: &str, quantity: u32) -> PurchaseOrder {
    PurchaseOrder {
        permit_type: permit_type.into(),
        quantity,
        card_number: CARD_OK.into(),
        ..PurchaseOrder::default()
    }
}

/// An order for one vehicle permit.
pub(crate) fn vehicle_permit(permit_type: &str, vrm: &str, months: Option<u32>) -> PurchaseOrder {
    PurchaseOrder {
        permit_type: permit_type.into(),
        quantity: 1,
        duration_months: months,
        vrm: Some(vrm.into()),
        card_number: CARD_OK.into(),
    }
}

/// A fresh idempotency key.
pub(crate) fn key() -> String {
    permit_server::db::new_id("key")
}

/// Stands the test clock at a Europe/London wall-clock time ("2026-03-31 23:59").
pub(crate) async fn stand_at(app: &TestApp, local: &str) -> chrono::DateTime<chrono::Utc> {
    let wall = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").expect("wall time");
    let instant = permit_rules::time::from_local(wall);
    app.client.set_clock(instant).await.expect("clock set");
    instant
}

impl TestApp {
    /// A Cambridgeshire resident whose registration has proof and the council's approval (REG-3).
    pub(crate) async fn approved_cambridgeshire_resident(&self, email: &str) -> Client {
        let resident = self.resident("cambridgeshire", email).await;
        let pending = resident
            .upload_registration_proof("application/pdf", b"%PDF-1.4 bill".to_vec())
            .await
            .expect("proof");
        let approve = permit_client::types::ReviewDecision {
            approve: true,
            reason: None,
        };
        self.client
            .decide_registration(&pending.id, &approve)
            .await
            .expect("approved");
        resident
    }
}

impl TestApp {
    /// Buys `order` as `resident` and has the council approve it (VP-6, RP-2).
    pub(crate) async fn approved_purchase(
        &self,
        resident: &Client,
        order: &PurchaseOrder,
    ) -> permit_client::types::PurchaseReceipt {
        let receipt = resident.purchase(&key(), order).await.expect("bought");
        let approve = permit_client::types::ReviewDecision {
            approve: true,
            reason: None,
        };
        self.client
            .decide_purchase(&receipt.payment.id, &approve)
            .await
            .expect("approved");
        receipt
    }
}
