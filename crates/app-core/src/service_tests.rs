//! The service against a scripted backend, the keyring-core mock store and a fixed clock:
//! every branch of sync, offline fallback, expiry and logout.

use crate::backend::{Backend, BackendError};
use crate::cache::OfflineCache;
use crate::inputs::{Login, PinRequest, StayBooking};
use crate::session::{KeyringSessionStore, SessionStore, SessionToken};
use crate::view::test_data::snapshot;
use crate::view::{Snapshot, Stay};
use crate::{AppCore, AppError};
use chrono::{DateTime, Duration, TimeZone, Utc};
use permit_rules::clock::ManualClock;
use std::sync::{Arc, Mutex};

/// A server whose next answers the test sets.
#[derive(Debug, Default)]
struct Scripted {
    snapshot: Mutex<Option<Result<Snapshot, BackendError>>>,
    logout: Mutex<Option<BackendError>>,
    logged_out: Mutex<Vec<String>>,
}

impl Scripted {
    fn answer(&self, result: Result<Snapshot, BackendError>) {
        *self.snapshot.lock().expect("lock") = Some(result);
    }
}

impl Backend for Arc<Scripted> {
    async fn request_pin(&self, _: &PinRequest) -> Result<String, BackendError> {
        Ok("sent".into())
    }

    async fn log_in(&self, login: &Login) -> Result<SessionToken, BackendError> {
        if login.pin.expose() == "000000" {
            return Err(BackendError::Refused {
                code: "pin_invalid".into(),
                message: "That PIN is not right.".into(),
                retry_after: None,
            });
        }
        Ok(SessionToken::new("tok-from-server"))
    }

    async fn log_out(&self, token: &SessionToken) -> Result<(), BackendError> {
        self.logged_out
            .lock()
            .expect("lock")
            .push(token.expose().to_owned());
        match self.logout.lock().expect("lock").take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    async fn log_out_everywhere(&self, token: &SessionToken) -> Result<(), BackendError> {
        self.log_out(&SessionToken::new(format!("everywhere:{}", token.expose())))
            .await
    }

    async fn snapshot(&self, _: &SessionToken) -> Result<Snapshot, BackendError> {
        self.snapshot
            .lock()
            .expect("lock")
            .clone()
            .unwrap_or_else(|| Ok(snapshot("AB12CDE")))
    }

    /// Books by answering with the scripted snapshot's stay, or its error.
    async fn book_stay(
        &self,
        token: &SessionToken,
        booking: &StayBooking,
    ) -> Result<Stay, BackendError> {
        let mut stay = self.snapshot(token).await?.upcoming_stays.remove(0);
        stay.vrm = booking.vrm.as_str().to_owned();
        Ok(stay)
    }

    async fn cancel_stay(&self, token: &SessionToken, _: &str) -> Result<Stay, BackendError> {
        Ok(self.snapshot(token).await?.upcoming_stays.remove(0))
    }
}

struct Fixture {
    core: AppCore<Arc<Scripted>>,
    server: Arc<Scripted>,
    sessions: Arc<KeyringSessionStore>,
    cache: OfflineCache,
    clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

/// A `SessionStore` handle the test keeps while the service owns another on the same store.
#[derive(Debug)]
struct Shared(Arc<KeyringSessionStore>);

impl SessionStore for Shared {
    fn load(&self) -> Result<Option<SessionToken>, crate::session::SessionStoreError> {
        self.0.load()
    }
    fn save(&self, token: &SessionToken) -> Result<(), crate::session::SessionStoreError> {
        self.0.save(token)
    }
    fn delete(&self) -> Result<(), crate::session::SessionStoreError> {
        self.0.delete()
    }
}

fn nine_am() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0)
        .single()
        .expect("valid instant")
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Arc::new(Scripted::default());
    let sessions = Arc::new(KeyringSessionStore::new(
        keyring_core::mock::Store::new().expect("mock store"),
    ));
    let cache = OfflineCache::new(dir.path());
    let clock = Arc::new(ManualClock::new(nine_am()));
    let core = AppCore::new(
        server.clone(),
        Box::new(Shared(sessions.clone())),
        cache.clone(),
        clock.clone(),
    );
    Fixture {
        core,
        server,
        sessions,
        cache,
        clock,
        _dir: dir,
    }
}

/// A fixture after a successful login at nine o'clock (which also synced once).
async fn logged_in() -> Fixture {
    let f = fixture();
    f.core
        .log_in("hampshire", "ada@example.org", "123456")
        .await
        .expect("logs in");
    f
}

/// A server that cannot be reached: connections refused, or requests that never answer.
#[derive(Debug, Clone, Copy)]
enum Broken {
    Refusing,
    Silent,
}

impl Broken {
    async fn fail<T>(self) -> Result<T, BackendError> {
        match self {
            Self::Refusing => Err(offline()),
            Self::Silent => std::future::pending().await,
        }
    }
}

impl Backend for Broken {
    async fn request_pin(&self, _: &PinRequest) -> Result<String, BackendError> {
        self.fail().await
    }
    async fn log_in(&self, _: &Login) -> Result<SessionToken, BackendError> {
        self.fail().await
    }
    async fn log_out(&self, _: &SessionToken) -> Result<(), BackendError> {
        self.fail().await
    }
    async fn log_out_everywhere(&self, _: &SessionToken) -> Result<(), BackendError> {
        self.fail().await
    }
    async fn snapshot(&self, _: &SessionToken) -> Result<Snapshot, BackendError> {
        self.fail().await
    }
    async fn book_stay(&self, _: &SessionToken, _: &StayBooking) -> Result<Stay, BackendError> {
        self.fail().await
    }
    async fn cancel_stay(&self, _: &SessionToken, _: &str) -> Result<Stay, BackendError> {
        self.fail().await
    }
}

impl Fixture {
    /// The same device (keyring, saved copy, clock) talking to another server.
    fn same_device_with<B: Backend>(&self, backend: B) -> AppCore<B> {
        AppCore::new(
            backend,
            Box::new(Shared(self.sessions.clone())),
            self.cache.clone(),
            self.clock.clone(),
        )
    }
}

fn offline() -> BackendError {
    BackendError::Unreachable("connection refused".into())
}

#[tokio::test]
async fn login_keeps_the_token_in_the_keyring_and_syncs() {
    let f = fixture();
    let dashboard = f
        .core
        .log_in("hampshire", "ada@example.org", "123456")
        .await
        .expect("logs in");
    assert!(!dashboard.offline);
    assert_eq!(dashboard.last_synced_at, nine_am());
    assert_eq!(dashboard.snapshot, snapshot("AB12CDE"));
    assert_eq!(
        f.sessions.load().expect("load"),
        Some(SessionToken::new("tok-from-server"))
    );
    assert!(f.core.session_state().expect("state").logged_in);
    let saved = std::fs::read_to_string(f.cache.path()).expect("cache written");
    assert!(!saved.contains("tok-from-server"));
}

#[tokio::test]
async fn a_wrong_pin_is_the_servers_message_and_stores_nothing() {
    let f = fixture();
    let error = f
        .core
        .log_in("hampshire", "ada@example.org", "000000")
        .await
        .expect_err("refused");
    assert_eq!(error.code(), "pin_invalid");
    assert_eq!(f.sessions.load().expect("load"), None);
    assert!(!f.cache.path().exists());
}

#[tokio::test]
async fn offline_shows_the_saved_copy_with_its_sync_time() {
    let f = logged_in().await;
    f.clock.advance(Duration::hours(3));
    f.server.answer(Err(offline()));
    let dashboard = f.core.dashboard().await.expect("saved copy");
    assert!(dashboard.offline);
    assert_eq!(dashboard.last_synced_at, nine_am());
    assert_eq!(dashboard.snapshot, snapshot("AB12CDE"));
}

#[tokio::test]
async fn a_later_sync_replaces_the_saved_copy() {
    let f = logged_in().await;
    f.clock.advance(Duration::hours(1));
    f.server.answer(Ok(snapshot("XY34ZZZ")));
    f.core.dashboard().await.expect("synced");
    f.server.answer(Err(offline()));
    let dashboard = f.core.dashboard().await.expect("saved copy");
    assert_eq!(dashboard.snapshot, snapshot("XY34ZZZ"));
    assert_eq!(dashboard.last_synced_at, nine_am() + Duration::hours(1));
}

#[tokio::test]
async fn offline_before_any_sync_says_so() {
    let f = fixture();
    f.server.answer(Err(offline()));
    f.sessions.save(&SessionToken::new("tok")).expect("session");
    let error = f.core.dashboard().await.expect_err("nothing saved");
    assert_eq!(error.code(), "offline_no_data");
}

#[tokio::test]
async fn no_session_means_login() {
    let f = fixture();
    let error = f.core.dashboard().await.expect_err("not logged in");
    assert_eq!(error.code(), "not_logged_in");
    assert!(!f.core.session_state().expect("state").logged_in);
}

#[tokio::test]
async fn an_ended_session_goes_to_login_and_forgets_everything() {
    let f = logged_in().await;
    f.server.answer(Err(BackendError::Unauthorized));
    let error = f.core.dashboard().await.expect_err("expired");
    assert!(matches!(error, AppError::SessionExpired));
    assert_eq!(
        error.to_string(),
        "Your session has ended. Please log in again."
    );
    assert_eq!(f.sessions.load().expect("load"), None);
    assert!(!f.cache.path().exists());
}

#[tokio::test]
async fn logout_revokes_on_the_server_and_wipes_the_device() {
    let f = logged_in().await;
    let out = f.core.log_out().await.expect("logs out");
    assert!(out.revoked_on_server);
    assert_eq!(
        *f.server.logged_out.lock().expect("lock"),
        vec!["tok-from-server".to_owned()]
    );
    assert_eq!(f.sessions.load().expect("load"), None);
    assert!(!f.cache.path().exists());
}

#[tokio::test]
async fn log_out_everywhere_ends_every_session_then_wipes_the_device() {
    let f = logged_in().await;
    let out = f.core.log_out_everywhere().await.expect("logged out");
    assert!(out.revoked_on_server);
    assert_eq!(out.message, "You're logged out on every device.");
    assert_eq!(
        *f.server.logged_out.lock().expect("lock"),
        vec!["everywhere:tok-from-server".to_owned()]
    );
    assert_eq!(f.sessions.load().expect("load"), None);
    assert!(!f.cache.path().exists());
}

#[tokio::test]
async fn log_out_everywhere_offline_keeps_this_device_signed_in_to_try_again() {
    let f = logged_in().await;
    *f.server.logout.lock().expect("lock") = Some(offline());
    let error = f
        .core
        .log_out_everywhere()
        .await
        .expect_err("needs the server");
    assert!(matches!(error, AppError::NeedsServer(_)), "{error:?}");
    assert!(
        f.sessions.load().expect("load").is_some(),
        "still signed in"
    );
    assert!(f.cache.path().exists(), "the saved copy stays");
    // Ended elsewhere already: that is what was asked for, and this device forgets it.
    *f.server.logout.lock().expect("lock") = Some(BackendError::Unauthorized);
    let out = f.core.log_out_everywhere().await.expect("already ended");
    assert!(out.revoked_on_server);
    assert_eq!(f.sessions.load().expect("load"), None);
}

#[tokio::test]
async fn logout_offline_still_wipes_the_device_and_says_what_happened() {
    let f = logged_in().await;
    *f.server.logout.lock().expect("lock") = Some(offline());
    let out = f.core.log_out().await.expect("logs out");
    assert!(!out.revoked_on_server);
    assert!(
        out.message.contains("ends there when it expires"),
        "{}",
        out.message
    );
    assert_eq!(f.sessions.load().expect("load"), None);
    assert!(!f.cache.path().exists());
}

#[tokio::test]
async fn asking_for_a_pin_offline_says_it_needs_the_server() {
    let f = fixture();
    let core = f.same_device_with(Broken::Refusing);
    let error = core
        .request_pin("hampshire", "ada@example.org")
        .await
        .expect_err("offline");
    assert_eq!(error.code(), "needs_server");
    assert!(
        error
            .to_string()
            .starts_with("Sending a PIN needs a connection")
    );
    let error = core
        .log_in("hampshire", "ada@example.org", "123456")
        .await
        .expect_err("offline");
    assert_eq!(error.code(), "needs_server");
}

#[tokio::test]
async fn a_keyring_that_refuses_the_token_ends_the_new_session() {
    let f = fixture();
    let entry = f.sessions_entry().expect("entry");
    let cred: &keyring_core::mock::Cred = entry.as_any().downcast_ref().expect("mock");
    cred.set_error(keyring_core::Error::NoStorageAccess("locked".into()));
    let error = f
        .core
        .log_in("hampshire", "ada@example.org", "123456")
        .await
        .expect_err("keyring refused");
    assert_eq!(error.code(), "secure_storage_failed");
    assert_eq!(
        *f.server.logged_out.lock().expect("lock"),
        vec!["tok-from-server".to_owned()]
    );
}

impl Fixture {
    fn sessions_entry(&self) -> Result<keyring_core::Entry, crate::session::SessionStoreError> {
        self.sessions.entry_for_tests()
    }
}

#[tokio::test]
async fn booking_a_stay_syncs_so_the_offline_copy_has_it() {
    let f = logged_in().await;
    f.clock.advance(Duration::minutes(10));
    let booked = f
        .core
        .book_stay("ab12 cde", None, None, None)
        .await
        .expect("booked");
    assert_eq!(booked.stay.vrm, "AB12CDE");
    assert!(!booked.dashboard.offline);
    assert_eq!(
        booked.dashboard.last_synced_at,
        nine_am() + Duration::minutes(10)
    );
    let saved = f.cache.load().expect("load").expect("saved");
    assert_eq!(saved.synced_at, nine_am() + Duration::minutes(10));
}

#[tokio::test]
async fn booking_offline_says_it_needs_the_server_and_keeps_the_saved_copy() {
    let f = logged_in().await;
    f.server.answer(Err(offline()));
    let error = f
        .core
        .book_stay("AB12CDE", None, None, None)
        .await
        .expect_err("offline");
    assert_eq!(error.code(), "needs_server");
    assert!(
        error
            .to_string()
            .starts_with("Booking a stay needs a connection")
    );
    let error = f.core.cancel_stay("stay_1").await.expect_err("offline");
    assert_eq!(error.code(), "needs_server");
    assert!(f.cache.load().expect("load").is_some());
    assert!(f.core.session_state().expect("state").logged_in);
}

#[tokio::test]
async fn a_malformed_vrm_is_refused_before_any_server_call() {
    let f = fixture();
    f.server.answer(Err(offline()));
    f.sessions.save(&SessionToken::new("tok")).expect("session");
    let error = f
        .core
        .book_stay("AB12 CDE!", None, None, None)
        .await
        .expect_err("bad vrm");
    assert_eq!(error.code(), "vrm_invalid_character");
    let json = serde_json::to_value(&error).expect("json");
    assert_eq!(json["field"], "vrm");
}

#[tokio::test]
async fn booking_with_an_ended_session_goes_to_login() {
    let f = logged_in().await;
    f.server.answer(Err(BackendError::Unauthorized));
    let error = f
        .core
        .book_stay("AB12CDE", None, None, None)
        .await
        .expect_err("ended");
    assert_eq!(error.code(), "session_expired");
    assert_eq!(f.sessions.load().expect("load"), None);
    assert!(!f.cache.path().exists());
}

#[tokio::test(start_paused = true)]
async fn a_server_that_never_answers_counts_as_offline() {
    let f = logged_in().await;
    // The same device, now on a signal that swallows requests (tokio's paused clock jumps
    // straight to the timeout: the test does not wait).
    let core = f.same_device_with(Broken::Silent);
    let dashboard = core.dashboard().await.expect("the saved copy");
    assert!(dashboard.offline);
    assert_eq!(dashboard.last_synced_at, nine_am());
    let error = core
        .book_stay("AB12CDE", None, None, None)
        .await
        .expect_err("no answer");
    assert_eq!(error.code(), "needs_server");
    let out = core.log_out().await.expect("logged out locally");
    assert!(!out.revoked_on_server);
    assert_eq!(f.sessions.load().expect("load"), None);
}

#[tokio::test]
async fn logout_wipes_the_saved_data_even_if_the_keyring_cannot_be_read() {
    let f = logged_in().await;
    let entry = f.sessions_entry().expect("entry");
    let cred: &keyring_core::mock::Cred = entry.as_any().downcast_ref().expect("mock");
    // The next keyring call (reading the session) fails once.
    cred.set_error(keyring_core::Error::NoStorageAccess("locked".into()));
    let out = f.core.log_out().await.expect("logged out");
    assert!(!out.revoked_on_server);
    assert!(!f.cache.path().exists());
    assert_eq!(f.sessions.load().expect("load"), None);
}
