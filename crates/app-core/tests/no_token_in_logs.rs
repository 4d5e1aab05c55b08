//! The token is in no log line, at any level, and in no `Debug` output, through login, sync,
//! the offline fallback and an offline logout. A test binary of its own: the log capture is
//! the process-wide subscriber, which other tests running at once would disturb.

use chrono::{TimeZone, Utc};
use permit_api_types::Stay;
use permit_app_core::AppCore;
use permit_app_core::backend::{Backend, BackendError};
use permit_app_core::cache::OfflineCache;
use permit_app_core::inputs::{Login, PinRequest, StayBooking};
use permit_app_core::session::{KeyringSessionStore, SessionToken};
use permit_app_core::view::Snapshot;
use permit_rules::clock::ManualClock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

const TOKEN: &str = "tok-0123456789abcdef";

/// A server that logs in and syncs until `down` is set, then cannot be reached.
#[derive(Debug, Default)]
struct Server {
    down: Arc<AtomicBool>,
}

impl Server {
    fn answer<T>(&self, value: T) -> Result<T, BackendError> {
        if self.down.load(Ordering::SeqCst) {
            Err(BackendError::Unreachable("connection refused".into()))
        } else {
            Ok(value)
        }
    }
}

impl Backend for Server {
    async fn request_pin(&self, _: &PinRequest) -> Result<String, BackendError> {
        self.answer("sent".into())
    }
    async fn log_in(&self, _: &Login) -> Result<SessionToken, BackendError> {
        self.answer(SessionToken::new(TOKEN))
    }
    async fn log_out(&self, _: &SessionToken) -> Result<(), BackendError> {
        self.answer(())
    }
    async fn log_out_everywhere(&self, _: &SessionToken) -> Result<(), BackendError> {
        self.answer(())
    }
    async fn snapshot(&self, _: &SessionToken) -> Result<Snapshot, BackendError> {
        let resident = serde_json::json!({
            "resident_id": "res_1", "council": "hampshire", "full_name": "Ada Resident",
            "email": "ada@example.org", "mobile": null, "registration": null,
        });
        self.answer(Snapshot {
            resident: serde_json::from_value(resident).expect("a resident"),
            upcoming_stays: Vec::new(),
            permits: Vec::new(),
            balances: Vec::new(),
            saved_vehicles: Vec::new(),
        })
    }
    async fn book_stay(&self, _: &SessionToken, _: &StayBooking) -> Result<Stay, BackendError> {
        Err(BackendError::Unexpected("not used here".into()))
    }
    async fn cancel_stay(&self, _: &SessionToken, _: &str) -> Result<Stay, BackendError> {
        Err(BackendError::Unexpected("not used here".into()))
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_token_is_never_logged_nor_in_debug_output() {
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::default();
    let down = server.down.clone();
    let now = Utc
        .with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("instant");
    let core = AppCore::new(
        server,
        Box::new(KeyringSessionStore::new(
            keyring_core::mock::Store::new().expect("mock store"),
        )),
        OfflineCache::new(dir.path()),
        Arc::new(ManualClock::new(now)),
    );

    core.log_in("hampshire", "ada@example.org", "123456")
        .await
        .expect("logs in");
    let debug = format!("{core:?}");
    down.store(true, Ordering::SeqCst);
    assert!(core.dashboard().await.expect("saved copy").offline);
    assert!(!core.log_out().await.expect("logged out").revoked_on_server);

    let log = String::from_utf8(capture.0.lock().expect("lock").clone()).expect("UTF-8");
    // The capture saw the offline path, so the searches below mean something.
    assert!(log.contains("offline: showing saved data"), "{log}");
    assert!(log.contains("logging out offline"), "{log}");
    assert!(!log.contains(TOKEN), "{log}");
    assert!(debug.contains("KeyringSessionStore"), "{debug}");
    assert!(!debug.contains(TOKEN), "{debug}");
}
