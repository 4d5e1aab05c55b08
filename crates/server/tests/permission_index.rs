//! Issue 20: the enforcement check answers from a permission index in memory. After random
//! sequences of writes (every kind the services make to permits and stays, through the same
//! storage functions and transactions) at random clock instants, with expiry and rebuilds
//! among them, the index answers every (VRM, zone, instant) exactly as the check's SQL query
//! does, or says it cannot (an instant before its horizon), and then only then. Run on SQLite
//! and PostgreSQL (`PERMITS_TEST_PG_URL`); on PostgreSQL the index is used only while its
//! listener listens, so the test runs the listener as a server does.

use chrono::{DateTime, Duration, DurationRound, Utc};
use permit_server::db::{Db, enforcement, permission_changes, permits, stays};
use permit_server::domain::PermitState;
use permit_server::payments::SandboxPayments;
use permit_server::state::AppState;
use permit_test_support::{Options, TestDatabase, household};
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

/// (property, council, zone): two zones of one council, one of another.
const PROPERTIES: [(&str, &str, &str); 3] = [
    ("hampshire-0001", "hampshire", "W1"),
    ("hampshire-0003", "hampshire", "W2"),
    ("cambridgeshire-0003", "cambridgeshire", "C1"),
];
const TYPES: [&str; 3] = ["annual-visitor", "resident", "visitor-bundle"];
const STATES: [PermitState; 4] = [
    PermitState::Active,
    PermitState::PendingReview,
    PermitState::Rejected,
    PermitState::Cancelled,
];
const VRMS: usize = 3;
const HOURS: i64 = 24;

#[derive(Debug, Clone)]
enum Write {
    BuyPermit {
        vrm: usize,
        property: usize,
        permit_type: usize,
        state: usize,
        starts: i64,
        hours: i64,
    },
    PermitState {
        permit: usize,
        state: usize,
    },
    ChangeVehicle {
        permit: usize,
        vrm: usize,
    },
    ChangeAddress {
        permit: usize,
        property: usize,
    },
    BookStay {
        vrm: usize,
        /// None: booked before the resident had a recorded home (no zone).
        property: Option<usize>,
        permit_type: usize,
        starts: i64,
        hours: i64,
        non_uk: bool,
    },
    CancelStay {
        stay: usize,
    },
    /// ACT-5: a texted stay waits for its confirmation...
    AwaitConfirmation {
        stay: usize,
    },
    /// ...which the gateway accepts at an instant.
    ConfirmationSent {
        stay: usize,
        at: i64,
    },
    /// Expiry: the horizon moves to an instant.
    Expire {
        at: i64,
    },
    /// A rebuild from the database (start-up, or after a lost listener) at an instant.
    Rebuild {
        at: i64,
    },
}

fn write() -> impl Strategy<Value = Write> {
    let hour = 0..HOURS;
    prop_oneof![
        3 => (0..VRMS, 0..3usize, 0..3usize, 0..4usize, hour.clone(), 1..12i64).prop_map(
            |(vrm, property, permit_type, state, starts, hours)| Write::BuyPermit {
                vrm, property, permit_type, state, starts, hours,
            }
        ),
        1 => (0..8usize, 0..4usize).prop_map(|(permit, state)| Write::PermitState { permit, state }),
        1 => (0..8usize, 0..VRMS).prop_map(|(permit, vrm)| Write::ChangeVehicle { permit, vrm }),
        1 => (0..8usize, 0..3usize).prop_map(|(permit, property)| Write::ChangeAddress { permit, property }),
        4 => (0..VRMS, proptest::option::weighted(0.9, 0..3usize), 0..3usize, hour.clone(), 1..8i64, any::<bool>())
            .prop_map(|(vrm, property, permit_type, starts, hours, non_uk)| Write::BookStay {
                vrm, property, permit_type, starts, hours, non_uk,
            }),
        1 => (0..8usize).prop_map(|stay| Write::CancelStay { stay }),
        1 => (0..8usize).prop_map(|stay| Write::AwaitConfirmation { stay }),
        1 => (0..8usize, hour.clone()).prop_map(|(stay, at)| Write::ConfirmationSent { stay, at }),
        1 => hour.clone().prop_map(|at| Write::Expire { at }),
        1 => hour.prop_map(|at| Write::Rebuild { at }),
    ]
}

/// One server's state on its own database, shared by every case (each case its own VRMs).
struct Fixture {
    state: AppState,
    resident: String,
    payment: String,
    bundle: String,
    base: DateTime<Utc>,
    _database: TestDatabase,
}

static FIXTURE: LazyLock<(tokio::runtime::Runtime, Fixture)> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let fixture = runtime.block_on(fixture(runtime.handle().clone()));
    (runtime, fixture)
});

async fn fixture(runtime: tokio::runtime::Handle) -> Fixture {
    let database = TestDatabase::new().await;
    let app = Options::default()
        .build(&database, Arc::new(SandboxPayments::default()))
        .await;
    let state = app.state().clone();
    // As the server runs it: the listener on PostgreSQL, expiry everywhere.
    runtime.spawn(permission_changes::keep_current(
        state.db.clone(),
        state.settings.database_url.clone(),
        state.clock.clone(),
    ));
    for _ in 0..200 {
        if state.db.permissions().usable() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(state.db.permissions().usable(), "the index is built");
    let base = state
        .now()
        .duration_trunc(Duration::hours(1))
        .expect("hour")
        + Duration::days(2);
    let seeded = household::with_a_bundle(&state, "Pat Index", "pat@example.com", 1000).await;
    Fixture {
        state,
        resident: seeded.resident,
        payment: seeded.payment,
        bundle: seeded.bundle,
        base,
        _database: database,
    }
}

static CASE: AtomicUsize = AtomicUsize::new(0);

/// What one case has written, to point later writes at.
#[derive(Default)]
struct Written {
    permits: Vec<String>,
    stays: Vec<(String, Option<i64>)>,
    next_seq: i64,
}

impl Fixture {
    fn at(&self, hour: i64) -> DateTime<Utc> {
        self.base + Duration::hours(hour)
    }

    async fn apply(&self, case: usize, vrms: &[String], done: &mut Written, write: &Write) {
        let db = &self.state.db;
        let pick = |list: usize, n: usize| (list > 0).then(|| n % list);
        let mut tx = db.write_tx().await.expect("tx");
        match write {
            Write::BuyPermit {
                vrm,
                property,
                permit_type,
                state,
                starts,
                hours,
            } => {
                let row = permits::insert(
                    &mut tx,
                    &permits::NewPermit {
                        resident_id: &self.resident,
                        payment_id: &self.payment,
                        permit_type: TYPES[*permit_type],
                        vrm: &vrms[*vrm],
                        property_id: PROPERTIES[*property].0,
                        duration_months: 1,
                        price_pence: 0,
                        state: STATES[*state],
                        auto_renew: false,
                        starts_at: self.at(*starts),
                        expires_at: self.at(starts + hours),
                        renewed_from: None,
                    },
                )
                .await
                .expect("permit");
                done.permits.push(row.id);
            }
            Write::PermitState { permit, state } => {
                if let Some(i) = pick(done.permits.len(), *permit) {
                    permits::set_state(&mut tx, &done.permits[i], STATES[*state], self.base)
                        .await
                        .expect("state");
                }
            }
            Write::ChangeVehicle { permit, vrm } => {
                if let Some(i) = pick(done.permits.len(), *permit) {
                    permits::set_vrm(&mut tx, &done.permits[i], &vrms[*vrm])
                        .await
                        .expect("vehicle");
                }
            }
            Write::ChangeAddress { permit, property } => {
                if let Some(i) = pick(done.permits.len(), *permit) {
                    permits::set_property(&mut tx, &done.permits[i], PROPERTIES[*property].0)
                        .await
                        .expect("address");
                }
            }
            Write::BookStay {
                vrm,
                property,
                permit_type,
                starts,
                hours,
                non_uk,
            } => {
                let row = stays::insert(
                    &mut tx,
                    &stays::NewStay {
                        resident_id: &self.resident,
                        bundle_id: &self.bundle,
                        permit_type: TYPES[*permit_type],
                        vrm: &vrms[*vrm],
                        property_id: property.map(|p| PROPERTIES[p].0),
                        starts_at: self.at(*starts),
                        ends_at: self.at(starts + hours),
                        visit_id: None,
                        non_uk_plate: *non_uk,
                    },
                    self.base,
                )
                .await
                .expect("stay");
                done.stays.push((row.id, None));
            }
            Write::CancelStay { stay } => {
                if let Some(i) = pick(done.stays.len(), *stay) {
                    stays::cancel(&mut tx, &done.stays[i].0, self.base)
                        .await
                        .expect("cancel");
                }
            }
            Write::AwaitConfirmation { stay } => {
                if let Some(i) = pick(done.stays.len(), *stay) {
                    // Sequence numbers of this case only: no other case's stay waits for them.
                    done.next_seq += 1;
                    let seq = i64::try_from(case).expect("case") * 1000 + done.next_seq;
                    stays::await_confirmation(&mut tx, &done.stays[i].0, seq)
                        .await
                        .expect("await");
                    done.stays[i].1 = Some(seq);
                }
            }
            Write::ConfirmationSent { stay, at } => {
                if let Some(seq) = pick(done.stays.len(), *stay).and_then(|i| done.stays[i].1) {
                    stays::confirmation_sent(&mut tx, seq, self.at(*at))
                        .await
                        .expect("sent");
                }
            }
            Write::Expire { at } => {
                db.permissions().prune(self.at(*at).timestamp());
            }
            Write::Rebuild { at } => {
                db.permissions()
                    .rebuild(db, self.at(*at).timestamp())
                    .await
                    .expect("rebuilt");
            }
        }
        tx.commit().await.expect("committed");
    }

    /// Every VRM of the case in every zone, on the hour and a second before it (every write
    /// is on the hour), over all the hours the case's permissions can cover and one before.
    /// Each (VRM, zone) is compared in a task of its own: PostgreSQL answers them in parallel.
    async fn compare(&self, vrms: &[String], after: &Write) -> Result<(), TestCaseError> {
        let mut tasks = tokio::task::JoinSet::new();
        for vrm in vrms {
            for (_, council, zone) in PROPERTIES {
                let (db, vrm, base) = (self.state.db.clone(), vrm.clone(), self.base);
                tasks.spawn(async move {
                    for hour in -1..=HOURS + 12 {
                        for offset in [-1, 0] {
                            let instant = base + Duration::hours(hour) + Duration::seconds(offset);
                            compare_one(&db, council, zone, &vrm, instant).await?;
                        }
                    }
                    Ok::<(), String>(())
                });
            }
        }
        while let Some(outcome) = tasks.join_next().await {
            if let Err(mismatch) = outcome.expect("task") {
                prop_assert!(false, "{} after {:?}", mismatch, after);
            }
        }
        Ok(())
    }
}

/// The index's answer is the query's, or (before its horizon only) none.
async fn compare_one(
    db: &Db,
    council: &str,
    zone: &str,
    vrm: &str,
    instant: DateTime<Utc>,
) -> Result<(), String> {
    let index = db.permissions();
    let expected = enforcement::find_in_database(db, council, zone, vrm, instant)
        .await
        .expect("query");
    let answered = index.answer(council, zone, vrm, instant.timestamp());
    let wanted = (instant.timestamp() >= index.horizon()).then_some(expected);
    if answered == wanted {
        Ok(())
    } else {
        Err(format!(
            "{vrm} in {zone} at {instant}: the index said {answered:?}, wanted {wanted:?}"
        ))
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]


    #[test]
    fn the_index_answers_as_the_enforcement_query_after_any_writes(
        writes in proptest::collection::vec(write(), 1..14)
    ) {
        let (runtime, fixture) = &*FIXTURE;
        let case = CASE.fetch_add(1, Ordering::SeqCst);
        let vrms: Vec<String> = (0..VRMS).map(|n| format!("IX{case:03}V{n}")).collect();
        runtime.block_on(async {
            // Each case starts from an index that covers its whole day.
            let db = &fixture.state.db;
            db.permissions().rebuild(db, fixture.at(-1).timestamp()).await.expect("rebuilt");
            let mut done = Written::default();
            for write in &writes {
                fixture.apply(case, &vrms, &mut done, write).await;
                fixture.compare(&vrms, write).await?;
            }
            Ok::<(), TestCaseError>(())
        })?;
    }
}
