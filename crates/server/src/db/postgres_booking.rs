//! A booking made in the app, on PostgreSQL, in four round trips (issue 20): BEGIN with the
//! resident's lock, one statement reading everything the rules decide on, one writing what
//! they decided (and the request's use of its session), COMMIT. Each round trip is a hand-off to a backend on the same cores, which
//! bounded bookings per second at 12 statements. The reads and writes are the ones
//! `booking::book_visit` and `vehicles::save_plate` make one statement at a time (the same
//! SQL, composed); the decisions between them stay in `permit_rules`, called by the service.
//!
//! The lock cannot share the reads' statement: under READ COMMITTED a statement reads from
//! the snapshot it started with, so reads in the statement that waited for the lock would miss
//! what the booking before it wrote. After BEGIN and the lock (one message, run in order),
//! the reads' statement starts once the lock is held and sees every earlier booking.

use super::bundles::{BundleRow, SELECT_COLUMNS as BUNDLE_COLUMNS};
use super::saved_vehicles::{self, NewVehicle};
use super::sessions::SessionUse;
use super::stays::{self, HOME_OF_RESIDENT, NewStay, OVERLAPPING, Period, StayRow};
use super::{Backend, Db, Tx, at, new_id, new_ordered_id, secs};
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A write transaction holding the resident's row lock (see `residents::lock`), begun and
/// locked in one round trip: PostgreSQL runs a simple query's statements in order, BEGIN
/// first. A simple query is planned each time it runs, so it calls `lock_resident` (migration
/// 0049), whose statement's plan the connection keeps, rather than planning the lock's SELECT
/// for every booking. Resident ids are this server's (`new_id`); one with other characters
/// than those is locked by a statement of its own rather than written into the SQL.
pub async fn begin_locked(db: &Db, resident_id: &str) -> Result<Tx, sqlx::Error> {
    if db.backend() == Backend::Sqlite {
        // BEGIN IMMEDIATE holds SQLite's one write lock.
        return db.write_tx().await;
    }
    let plain = resident_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !plain || resident_id.is_empty() {
        let mut tx = db.write_tx().await?;
        super::residents::lock(db, &mut tx, resident_id).await?;
        return Ok(tx);
    }
    let begin = format!("BEGIN; SELECT lock_resident('{resident_id}')");
    db.write_tx_with(begin).await
}

/// What the rules decide a booking on, read under the resident's lock.
#[derive(Debug)]
pub struct BookingReads {
    /// The plate's stays overlapping the visit (`stays::overlapping`).
    pub overlapping: Vec<Period>,
    /// Every bundle the resident bought, oldest first (`bundles::list_with_home`).
    pub bundles: Vec<BundleRow>,
    /// The resident's home, placing the stay in a zone.
    pub home: Option<String>,
    /// How many vehicles the account has saved, and the id of this plate's if saved
    /// (`saved_vehicles::place`).
    pub saved: (usize, Option<String>),
}

static READS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT \
         (SELECT COALESCE(json_agg(json_build_array(o.starts_at, o.ends_at)), '[]')::text FROM ({OVERLAPPING}) o), \
         (SELECT COALESCE(json_agg(b ORDER BY b.seq), '[]')::text FROM (SELECT seq, {BUNDLE_COLUMNS} FROM bundles WHERE resident_id = $1) b), \
         {HOME_OF_RESIDENT}, \
         p.* FROM ({}) p",
        saved_vehicles::PLACE
    )
});

/// A bundle as `json_agg` writes it.
#[derive(Deserialize)]
struct BundleJson {
    id: String,
    payment_id: String,
    permit_type: String,
    permits: i64,
    remaining: i64,
    state: String,
    bought_at: i64,
    expires_at: i64,
}

/// The reads of `booking::book_visit` for a visit of `vrm` from `from` until `until`, and of
/// saving the plate after it, in one statement. The caller holds the resident's lock.
pub async fn read(
    tx: &mut Tx,
    resident_id: &str,
    vrm: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<BookingReads, sqlx::Error> {
    let (overlapping, bundles, home, saved, saved_id): (
        String,
        String,
        Option<String>,
        i64,
        Option<String>,
    ) = sqlx::query_as(&READS)
        .bind(resident_id)
        .bind(vrm)
        .bind(secs(until))
        .bind(secs(from))
        .fetch_one(&mut **tx)
        .await?;
    let decode = |e: serde_json::Error| sqlx::Error::Decode(e.into());
    let overlapping: Vec<(i64, i64)> = serde_json::from_str(&overlapping).map_err(decode)?;
    let bundles: Vec<BundleJson> = serde_json::from_str(&bundles).map_err(decode)?;
    let bundles = bundles
        .into_iter()
        .map(|b| {
            Ok(BundleRow {
                state: b.state.parse().map_err(|_| {
                    sqlx::Error::Decode(format!("unknown bundle state {}", b.state).into())
                })?,
                id: b.id,
                payment_id: b.payment_id,
                permit_type: b.permit_type,
                permits: b.permits,
                remaining: b.remaining,
                bought_at: b.bought_at,
                expires_at: b.expires_at,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(BookingReads {
        overlapping: overlapping
            .into_iter()
            .map(|(s, e)| (at(s), at(e)))
            .collect(),
        bundles,
        home,
        saved: (usize::try_from(saved).unwrap_or(usize::MAX), saved_id),
    })
}

/// What saving the booking's vehicle writes, as `vehicles` decided.
#[derive(Debug)]
pub enum VehicleWrite<'a> {
    /// Already saved: moved to the top of the list (`saved_vehicles::touch`).
    Touch(&'a str),
    /// Saved anew (`saved_vehicles::insert`).
    Insert(NewVehicle<'a>),
}

/// Spends one permit of each day's bundle, writes the days' stays, saves the vehicle and
/// stores the request's use of its session (as `sessions::touch`), in one statement; returns
/// the stays as written.
pub async fn write(
    tx: &mut Tx,
    days: &[NewStay<'_>],
    vehicle: Option<VehicleWrite<'_>>,
    session_use: Option<&SessionUse>,
    now: DateTime<Utc>,
) -> Result<Vec<StayRow>, sqlx::Error> {
    let Some(first) = days.first() else {
        return Ok(Vec::new());
    };
    // A bundle paying for several days is written once, by their number.
    let mut spent: Vec<(&str, i64)> = Vec::new();
    for day in days {
        match spent.iter_mut().find(|(id, _)| *id == day.bundle_id) {
            Some((_, n)) => *n += 1,
            None => spent.push((day.bundle_id, 1)),
        }
    }
    let ids: Vec<String> = days.iter().map(|_| new_ordered_id("stay", now)).collect();
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    let spent_rows: Vec<String> = spent
        .iter()
        .map(|_| format!("({}, {})", next(), next()))
        .collect();
    let stay_rows: Vec<String> = days
        .iter()
        .map(|_| {
            let p: Vec<String> = (0..11).map(|_| next()).collect();
            format!("({})", p.join(", "))
        })
        .collect();
    let vehicle_sql = match &vehicle {
        None => String::new(),
        Some(VehicleWrite::Touch(_)) => format!(
            ", vehicle AS (UPDATE saved_vehicles SET last_used_at = {} WHERE id = {})",
            next(),
            next()
        ),
        Some(VehicleWrite::Insert(_)) => {
            let p: Vec<String> = (0..6).map(|_| next()).collect();
            format!(
                ", vehicle AS (INSERT INTO saved_vehicles (id, resident_id, vrm, non_uk_plate, nickname, created_at, last_used_at) \
                 VALUES ({}, {}))",
                p.join(", "),
                p[5]
            )
        }
    };
    let used_sql = match session_use {
        None => String::new(),
        Some(_) => {
            let (at, hash) = (next(), next());
            format!(
                ", used AS (UPDATE sessions SET last_seen_at = {at} WHERE last_seen_at < {at} AND token_hash = {hash})"
            )
        }
    };
    let sql = format!(
        "WITH spent AS (UPDATE bundles SET remaining = remaining - d.n \
         FROM (VALUES {}) AS d(id, n) WHERE bundles.id = d.id){vehicle_sql}{used_sql} {} {}",
        spent_rows.join(", "),
        stays::INSERT_HEAD,
        stay_rows.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for (id, n) in &spent {
        query = query.bind(*id).bind(*n);
    }
    for (id, day) in ids.iter().zip(days) {
        query = stays::bind_row(query, id, day, now);
    }
    match vehicle {
        None => {}
        Some(VehicleWrite::Touch(id)) => query = query.bind(secs(now)).bind(id),
        Some(VehicleWrite::Insert(new)) => {
            query = query
                .bind(new_id("veh"))
                .bind(new.resident_id)
                .bind(new.vrm)
                .bind(i64::from(new.non_uk_plate))
                .bind(new.nickname)
                .bind(secs(now));
        }
    }
    if let Some(used) = session_use {
        query = query.bind(used.at).bind(used.token_hash.as_str());
    }
    let written = query.execute(&mut **tx).await?.rows_affected();
    if written != days.len() as u64 {
        return Err(sqlx::Error::Protocol(format!(
            "a booking of {} days wrote {written} stays",
            days.len()
        )));
    }
    tx.touch(first.vrm);
    Ok(ids
        .into_iter()
        .zip(days)
        .map(|(id, day)| day.written(id))
        .collect())
}
