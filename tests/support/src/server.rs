//! The real server on port 0 with a database of its own, running on the test's runtime until
//! the test ends.

use crate::TestDatabase;
use permit_client::Client;
use permit_server::Application;
use permit_server::channel_settings::{ChannelSettings, EnforcementKey};
use permit_server::config::HttpLimits;
use permit_server::delivery::{Delivery, DevLog};
use permit_server::payments::SandboxPayments;
use permit_server::payments::settings::PaymentSettings;
use permit_server::secret::Secret;
use permit_server::state::AppState;
use std::path::PathBuf;
use std::sync::Arc;

/// What a test server differs in.
#[derive(Debug, Clone)]
pub struct Options {
    /// The test clock (and the operator endpoints: outbox, clock, staff).
    pub test_clock: bool,
    /// A web build to serve at `/`.
    pub web_dir: Option<PathBuf>,
    /// A back-office build to serve at `/office/`.
    pub office_dir: Option<PathBuf>,
    /// Webhook secrets, enforcement keys, gateways.
    pub channels: ChannelSettings,
    /// Where messages go; `None` for what `channels` configures.
    pub delivery: Option<Delivery>,
    /// Payment providers; `None` for the sandbox at every council.
    pub payments: Option<PaymentSettings>,
    /// Timeouts and the concurrency cap (tests shorten them).
    pub http: HttpLimits,
    /// Another way to the test's database (a proxy counting round trips); `None` for its URL.
    pub database_url: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            test_clock: true,
            web_dir: None,
            office_dir: None,
            channels: ChannelSettings::default(),
            delivery: None,
            payments: None,
            http: HttpLimits::default(),
            database_url: None,
        }
    }
}

impl Options {
    /// The server as these options say, on `database`, built (listening) but not yet run: for
    /// tests that drive its background work themselves.
    pub async fn build(
        &self,
        database: &TestDatabase,
        payments: Arc<SandboxPayments>,
    ) -> Application {
        let mut settings = database.settings(0);
        settings.test_clock = self.test_clock;
        settings.web_dir = self.web_dir.clone();
        settings.office_dir = self.office_dir.clone();
        settings.channels = self.channels.clone();
        if let Some(payments) = &self.payments {
            settings.payments = payments.clone();
        }
        settings.http = self.http;
        if let Some(url) = &self.database_url {
            settings.database_url = Secret::new(url.clone());
        }
        let delivery = match &self.delivery {
            Some(delivery) => delivery.clone(),
            // Outside test mode a server needs real channels; a test server logs instead.
            None if !settings.test_clock => Delivery::everything_to(Arc::new(DevLog)),
            None => Delivery::from_settings(&settings).expect("channels"),
        };
        Application::build_with(settings, payments, delivery)
            .await
            .expect("server builds")
    }
}

/// One running server with its own database; stopped with the test's runtime.
#[derive(Debug)]
pub struct TestServer {
    /// `http://127.0.0.1:<port>`: where a browser opens the app.
    pub url: String,
    pub port: u16,
    /// The typed client on this server, logged in as nobody (operator endpoints: outbox,
    /// clock, staff).
    pub client: Client,
    /// The sandbox payment provider this server charges, to count charges and refunds.
    pub payments: Arc<SandboxPayments>,
    /// The running server's state, for checks the API does not expose (storage, jobs).
    pub state: AppState,
    _database: TestDatabase,
}

impl TestServer {
    pub async fn spawn() -> Self {
        Self::spawn_with(Options::default()).await
    }

    pub async fn spawn_with(options: Options) -> Self {
        // `TEST_LOG=1 cargo test ...` shows the servers' logs.
        if std::env::var_os("TEST_LOG").is_some() {
            permit_server::telemetry::init();
        }
        let database = TestDatabase::new().await;
        let payments = Arc::new(SandboxPayments::default());
        let app = options.build(&database, payments.clone()).await;
        let port = app.port();
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        let url = format!("http://127.0.0.1:{port}");
        Self {
            client: Client::new(&url).with_operator_token(database.operator_token()),
            url,
            port,
            payments,
            state,
            _database: database,
        }
    }

    /// This server's database, to start a second server on it (a restart, in tests).
    pub fn database(&self) -> &TestDatabase {
        &self._database
    }

    /// The operator token this server accepts (for requests made without [`Client`]).
    pub fn operator_token(&self) -> &str {
        self.state
            .operator
            .as_deref()
            .expect("operator endpoints on")
            .token()
    }

    /// The newest PIN sent to `contact`.
    pub async fn latest_pin(&self, contact: &str) -> String {
        crate::outbox::latest_pin(&self.client, contact).await
    }

    /// The newest PIN once `count` messages went to `contact` (sending is in the background).
    pub async fn pin_after_messages(&self, contact: &str, count: usize) -> String {
        crate::outbox::pin_after_messages(&self.client, contact, count).await
    }

    /// Registers `email` at `council`'s demo property (no PIN used yet).
    pub async fn register(&self, council: &str, email: &str) {
        crate::resident::register(&self.client, council, email).await;
    }

    /// Registers at `council` (approved where no review is needed) and logs in with the PIN
    /// the registration sent.
    pub async fn resident(&self, council: &str, email: &str) -> Client {
        self.register(council, email).await;
        crate::resident::log_in_with_latest_pin(&self.client, council, email).await
    }

    /// Asks for a PIN for an existing account and logs in with it.
    pub async fn resident_logged_in(&self, council: &str, contact: &str) -> Client {
        crate::resident::log_in(&self.client, council, contact).await
    }

    /// Adds a member of staff through the test-mode operator API and logs them in.
    pub async fn staff(&self, council: &str, role: &str, email: &str) -> Client {
        self.staff_named(council, role, email, "Pat Officer").await
    }

    /// Adds a member of staff with this name (the audit log records it) and logs them in.
    pub async fn staff_named(
        &self,
        council: &str,
        role: &str,
        email: &str,
        full_name: &str,
    ) -> Client {
        let member = permit_client::types::NewStaffMember {
            council: council.into(),
            role: role.into(),
            email: email.into(),
            full_name: full_name.into(),
        };
        self.client.add_staff(&member).await.expect("staff added");
        self.staff_logged_in(email).await
    }

    /// Logs an existing member of staff in with a fresh code.
    pub async fn staff_logged_in(&self, email: &str) -> Client {
        self.client
            .request_staff_pin(email)
            .await
            .expect("code sent");
        let pin = self.latest_pin(email).await;
        let session = self
            .client
            .staff_log_in(email, &pin)
            .await
            .expect("staff log in");
        self.client.with_token(session.token)
    }

    /// The council's officer (`officer@<council>.gov.example`), added and logged in.
    pub async fn officer(&self, council: &str) -> Client {
        self.staff(
            council,
            "officer",
            &format!("officer@{council}.gov.example"),
        )
        .await
    }
}

/// The enforcement API key a test server of [`enforcement_keys`] takes at `council`.
pub fn enforcement_key(council: &str) -> String {
    format!("enforcement-key-{council}")
}

/// One enforcement key per council, for [`Options::channels`]: a test can then check a vehicle
/// as a civil enforcement officer's device does.
pub fn enforcement_keys(councils: &[&str]) -> Vec<EnforcementKey> {
    councils
        .iter()
        .map(|council| EnforcementKey {
            council: (*council).into(),
            key: Secret::new(enforcement_key(council)),
        })
        .collect()
}
