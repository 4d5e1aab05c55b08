//! The app factory: bind first (port 0 in tests), then serve until told to stop.

use crate::clock::{Clock, ManualClock, SystemClock};
use crate::config::Settings;
use crate::councils::Councils;
use crate::db::Db;
use crate::delivery::Delivery;
use crate::gazetteer::Gazetteer;
use crate::payments::SandboxPayments;
use crate::payments::by_council::{PaymentProviders, ProvidersError};
use crate::routes;
use crate::state::AppState;
use chrono::SubsecRound;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("the test clock is only allowed on a loopback address, not {0}")]
    TestClockNotLoopback(SocketAddr),
    #[error("cannot bind {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{0}")]
    Channels(String),
    #[error("data files: {0}")]
    Data(String),
    #[error("{0}")]
    Payments(#[from] ProvidersError),
}

#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    port: u16,
    state: AppState,
}

impl Application {
    /// Builds with each council's configured payment provider; the built-in sandbox only where
    /// `settings.payments.sandbox` allows it.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        Self::build_with_payments(settings, Arc::new(SandboxPayments::default())).await
    }

    pub async fn build_with_payments(
        settings: Settings,
        sandbox: Arc<SandboxPayments>,
    ) -> Result<Self, StartupError> {
        let delivery = Delivery::from_settings(&settings).map_err(StartupError::Channels)?;
        Self::build_with(settings, sandbox, delivery).await
    }

    /// Builds with the given sandbox (tests count its charges) and message channels (tests
    /// pass recorders). The sandbox is used only where `settings.payments.sandbox` allows.
    pub async fn build_with(
        settings: Settings,
        sandbox: Arc<SandboxPayments>,
        delivery: Delivery,
    ) -> Result<Self, StartupError> {
        // The test clock lets anyone who can reach it move time: never on a public address.
        if settings.test_clock && !settings.bind.ip().is_loopback() {
            return Err(StartupError::TestClockNotLoopback(settings.bind));
        }
        settings.channels.check().map_err(StartupError::Channels)?;
        let councils = Councils::load(&settings.councils_dir).map_err(StartupError::Data)?;
        let providers = PaymentProviders::build(&settings.payments, &councils, &sandbox)?;
        let gazetteer = Gazetteer::load(&settings.gazetteer_dir).map_err(StartupError::Data)?;
        let db = Db::connect(&settings.database_url).await?;
        // The enforcement check joins on each property's zone, so the database holds a copy.
        let mut tx = db.write_tx().await?;
        crate::db::enforcement::store_zones(&mut tx, gazetteer.zones()).await?;
        tx.commit().await?;
        let test_clock = settings
            .test_clock
            .then(|| Arc::new(ManualClock::new(SystemClock.now().trunc_subsecs(0))));
        let clock: Arc<dyn Clock> = match &test_clock {
            Some(manual) => manual.clone(),
            None => Arc::new(SystemClock),
        };
        // The enforcement check's permissions in memory, from the zones just stored.
        crate::db::permission_changes::build(&db, clock.as_ref()).await?;
        let listener = TcpListener::bind(settings.bind)
            .await
            .map_err(|e| StartupError::Bind(settings.bind, e))?;
        let port = listener
            .local_addr()
            .map_err(|e| StartupError::Bind(settings.bind, e))?
            .port();
        let operator = operator_access(&settings, test_clock.is_some());
        // Where providers send payers back; a real provider needs it configured (checked above).
        let public_url = settings.payments.public_url.clone().unwrap_or_else(|| {
            let ip = match settings.bind.ip() {
                ip if ip.is_unspecified() => std::net::IpAddr::from([127, 0, 0, 1]),
                ip => ip,
            };
            format!("http://{}", SocketAddr::new(ip, port))
        });
        sandbox.set_page_base(&public_url);
        let state = AppState::new(crate::state::Shared {
            writes: crate::db::group_commit::GroupCommit::start(db.clone()),
            enforcement_keys: Arc::new(crate::auth::enforcement_keys::EnforcementKeys::new(
                &settings.channels.enforcement_keys,
            )),
            recent_use: Arc::default(),
            db,
            clock,
            test_clock,
            operator,
            councils: Arc::new(councils),
            gazetteer: Arc::new(gazetteer),
            providers: Arc::new(providers),
            public_url,
            sandbox: settings.payments.sandbox.then_some(sandbox),
            settings: Arc::new(settings),
            delivery,
        });
        Ok(Self {
            listener,
            port,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The operator token, when the operator endpoints exist (printed by `main`).
    pub fn operator_token(&self) -> Option<&str> {
        self.state.operator.as_deref().map(|o| o.token())
    }

    /// Serves until Ctrl-C / SIGTERM, letting requests in flight finish.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // The background tasks end with the server, also when its task is aborted.
        let _jobs = AbortOnDrop(tokio::spawn(crate::jobs::run_every_minute(
            self.state.clone(),
        )));
        let _worker = AbortOnDrop(tokio::spawn(crate::delivery::worker::run(
            self.state.clone(),
        )));
        let _permissions = AbortOnDrop(tokio::spawn(crate::db::permission_changes::keep_current(
            self.state.db.clone(),
            self.state.settings.database_url.clone(),
            self.state.clock.clone(),
        )));
        let _sessions = AbortOnDrop(tokio::spawn(crate::auth::recent_use::flush_periodically(
            self.state.recent_use.clone(),
            self.state.db.clone(),
        )));
        let (recent_use, db) = (self.state.recent_use.clone(), self.state.db.clone());
        let checks_logged = self.state.writes.clone();
        let header_read_timeout = self.state.settings.http.header_read_timeout;
        let app = routes::router(self.state);
        let served =
            crate::serve::serve(self.listener, app, header_read_timeout, shutdown_signal()).await;
        // What was used since the last flush, so a restart does not end sessions early.
        if let Err(error) = recent_use.flush(&db).await {
            tracing::warn!(%error, "session last-use times not written at shutdown");
        }
        // Whether the group commits batch (issue 20; scripts/bench.sh prints these lines).
        let records = checks_logged.batch_sizes().summary();
        if let Some(sizes) = db.inline_batches() {
            tracing::info!(
                "group commit of SQLite's inline writes: {}",
                sizes.summary()
            );
            // On SQLite the check's log line is one of the writer's records, as a session's
            // write-through use is: counted together.
            tracing::info!(
                "group commit of SQLite's records (enforcement log lines, sessions' use): {records}"
            );
            if let Some(checkpoints) = db.checkpoint_summary() {
                tracing::info!("checkpoints of SQLite's log, off the commit path: {checkpoints}");
            }
        } else {
            tracing::info!("group commit of the enforcement log: {records}");
        }
        served
    }
}

/// The operator endpoints exist with the test flag (bound to loopback, checked above) and
/// only while no message can reach a real person: with SMTP, an SMS gateway or GOV.UK Notify
/// configured they are not mounted at all.
fn operator_access(
    settings: &Settings,
    test_mode: bool,
) -> Option<Arc<crate::operator_access::OperatorAccess>> {
    if !test_mode {
        return None;
    }
    if settings.channels.reaches_people() {
        tracing::warn!("operator endpoints off: a real email or SMS channel is configured");
        return None;
    }
    Some(Arc::new(crate::operator_access::OperatorAccess::new(
        settings.operator_token.clone(),
    )))
}

#[derive(Debug)]
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
