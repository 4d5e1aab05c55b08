//! How many SQL statements one booking runs inside its write transaction (issue 20): on SQLite
//! bookings are serial and each statement is a hand-off to sqlx's worker thread, so this count
//! is what a booking costs the writer. Counted from sqlx's own statement log (target
//! `sqlx::query`; BEGIN and COMMIT are not logged there), on a built but not running server,
//! so nothing else runs a statement meanwhile. Its own test binary: the counter is the
//! process's global tracing subscriber.

use chrono::Duration;
use permit_rules::{Plate, StayRequest, Vrm};
use permit_server::booking::{Booking, book_visit, book_visit_inline};
use permit_server::payments::SandboxPayments;
use permit_server::vehicles::{Naming, save_after_booking_inline, save_plate};
use permit_test_support::{Options, TestDatabase, household};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

static STATEMENTS: AtomicUsize = AtomicUsize::new(0);

/// Counts sqlx's statement events and ignores everything else.
struct StatementCounter;

impl Subscriber for StatementCounter {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target() == "sqlx::query"
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
            if std::env::var_os("TEST_LOG").is_some() {
                event.record(&mut Print);
            }
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// `TEST_LOG=1` prints each statement counted.
struct Print;

impl Visit for Print {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            eprintln!("counted: {value:?}");
        }
    }
}

#[tokio::test]
async fn a_booking_saving_a_new_vehicle_runs_six_statements_under_the_write_lock() {
    tracing::subscriber::set_global_default(StatementCounter).expect("the only subscriber");
    let database = TestDatabase::new().await;
    let app = Options::default()
        .build(&database, Arc::new(SandboxPayments::default()))
        .await;
    let state = app.state().clone();
    let now = state.now();
    // A Hampshire resident registered at a property, holding one bundle of 10 visitor permits.
    let resident = household::with_a_bundle(&state, "Sam Counter", "sam@example.com", 10)
        .await
        .resident;
    let scheme = state.scheme("hampshire").expect("hampshire");
    let booking = Booking {
        plate: Plate::Uk(Vrm::parse("AB12CDE").expect("vrm")),
        request: StayRequest {
            permit_type: None,
            start: Some(now + Duration::days(1)),
            duration_minutes: None,
        },
        days: 1,
        confirm_overlap: false,
        do_not_save_vehicle: false,
    };

    let mut tx = state.db.write_tx().await.expect("tx");
    let before = STATEMENTS.load(Ordering::SeqCst);
    let booked = book_visit(&state, &mut tx, &scheme, &resident, &booking, now)
        .await
        .expect("booked");
    // As a text's or a phone agent's booking does (the app's on PostgreSQL is
    // `db::postgres_booking`, counted in `tests/api/booking_round_trips.rs`): the booking
    // holds the resident's lock.
    let saved = save_plate(&mut tx, &resident, &booking.plate, Naming::Keep, now)
        .await
        .expect("saved");
    let counted = STATEMENTS.load(Ordering::SeqCst) - before;
    tx.commit().await.expect("commit");

    assert_eq!(booked.permits_left, 9);
    assert_eq!(booked.row.vrm, "AB12CDE");
    assert_eq!(saved.expect("a new vehicle").vrm, "AB12CDE");
    // The overlap read, bundles with the home, spend one, the stay, the saved vehicles' count
    // with this plate's id, the vehicle (RETURNING); on PostgreSQL also the resident's row
    // lock, taken once for both (until issue 20's second round the save took it again).
    // It was 9 (11 with BEGIN and COMMIT).
    let expected = match state.db.backend() {
        permit_server::db::Backend::Sqlite => 6,
        permit_server::db::Backend::Postgres => 7,
    };
    assert_eq!(counted, expected, "statements inside the write transaction");

    // On SQLite the app's bookings run on the inline writer, on the calling thread, each in
    // its own savepoint of a transaction shared with the bookings waiting then: the same six
    // statements (sqlx's log does not see them; the writer counts its own).
    if state.db.backend() == permit_server::db::Backend::Sqlite {
        let mut again = booking.clone();
        again.plate = Plate::Uk(Vrm::parse("CD34EFG").expect("vrm"));
        let (scheme, resident) = (scheme.clone(), resident.clone());
        let (booked, statements) = state
            .db
            .write_inline(move |tx| {
                let booked = book_visit_inline(tx, &scheme, &resident, &again, now)?;
                let saved = save_after_booking_inline(tx, &resident, &again.plate, now)?;
                assert_eq!(saved.expect("a new vehicle").vrm, "CD34EFG");
                Ok::<_, permit_server::error::ApiError>((booked, tx.statements()))
            })
            .await
            .expect("SQLite")
            .expect("booked");
        assert_eq!(booked.permits_left, 8);
        assert_eq!(statements, 6, "statements in the booking's savepoint");
    }
}
