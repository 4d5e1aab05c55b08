//! Visitor stays: each spends one permit of a bundle (ACT-1 to ACT-3, ACT-7).

use super::{Conn, Tx, WriteTx, at, inline, new_ordered_id, secs};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct StayRow {
    pub id: String,
    pub bundle_id: String,
    pub permit_type: String,
    pub vrm: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled_at: Option<i64>,
    /// The multi-day visit this stay is a day of.
    pub visit_id: Option<String>,
    /// 1 when booked as "not a UK registration".
    pub non_uk_plate: i64,
    /// ACT-5: the outbox message (a text's confirmation) this stay waits for, if any.
    pub confirmation_seq: Option<i64>,
    /// ACT-5: when the gateway accepted that message; the stay counts from then.
    pub confirmed_at: Option<i64>,
}

impl StayRow {
    /// ACT-5: a texted stay whose confirmation has not gone yet (and that still stands).
    pub fn awaiting_confirmation(&self) -> bool {
        self.confirmation_seq.is_some()
            && self.confirmed_at.is_none()
            && self.cancelled_at.is_none()
    }

    pub fn starts(&self) -> DateTime<Utc> {
        at(self.starts_at)
    }

    pub fn ends(&self) -> DateTime<Utc> {
        at(self.ends_at)
    }
}

const SELECT: &str = "SELECT id, bundle_id, permit_type, vrm, starts_at, ends_at, cancelled_at, \
     visit_id, non_uk_plate, confirmation_seq, confirmed_at FROM stays";

#[derive(Debug)]
pub struct NewStay<'a> {
    pub resident_id: &'a str,
    pub bundle_id: &'a str,
    pub permit_type: &'a str,
    pub vrm: &'a str,
    /// The resident's property (its zone is where the stay counts, for enforcement).
    pub property_id: Option<&'a str>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub visit_id: Option<&'a str>,
    pub non_uk_plate: bool,
}

/// An insert of stays, up to its rows of 11 values (`postgres_booking` writes several).
macro_rules! insert_head {
    () => {
        "INSERT INTO stays (id, resident_id, bundle_id, permit_type, vrm, starts_at, ends_at, created_at, property_id, visit_id, non_uk_plate) VALUES "
    };
}

pub(super) const INSERT_HEAD: &str = insert_head!();

const INSERT: &str = concat!(
    insert_head!(),
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
);

pub async fn insert(
    conn: &mut Tx,
    new: &NewStay<'_>,
    now: DateTime<Utc>,
) -> Result<StayRow, sqlx::Error> {
    let id = new_ordered_id("stay", now);
    bind_row(sqlx::query(INSERT), &id, new, now)
        .execute(&mut **conn)
        .await?;
    conn.touch(new.vrm);
    Ok(new.written(id))
}

/// Binds a stay's row of 11 values, in [`insert_head`]'s order, to `query`.
pub(super) fn bind_row<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    id: &'q str,
    new: &NewStay<'q>,
    now: DateTime<Utc>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    query
        .bind(id)
        .bind(new.resident_id)
        .bind(new.bundle_id)
        .bind(new.permit_type)
        .bind(new.vrm)
        .bind(secs(new.starts_at))
        .bind(secs(new.ends_at))
        .bind(secs(now))
        .bind(new.property_id)
        .bind(new.visit_id)
        .bind(i64::from(new.non_uk_plate))
}

/// [`insert`] on the calling thread (SQLite, `db::inline_write`).
pub fn insert_inline(
    tx: &mut WriteTx<'_>,
    new: &NewStay<'_>,
    now: DateTime<Utc>,
) -> Result<StayRow, sqlx::Error> {
    let id = new_ordered_id("stay", now);
    inline::execute(
        tx,
        INSERT,
        &[
            &id,
            &new.resident_id,
            &new.bundle_id,
            &new.permit_type,
            &new.vrm,
            &secs(new.starts_at),
            &secs(new.ends_at),
            &secs(now),
            &new.property_id,
            &new.visit_id,
            &i64::from(new.non_uk_plate),
        ],
    )?;
    tx.touch(new.vrm);
    Ok(new.written(id))
}

impl NewStay<'_> {
    /// The row as written: reading it back would be one more round trip under the write lock.
    pub(super) fn written(&self, id: String) -> StayRow {
        StayRow {
            id,
            bundle_id: self.bundle_id.to_owned(),
            permit_type: self.permit_type.to_owned(),
            vrm: self.vrm.to_owned(),
            starts_at: secs(self.starts_at),
            ends_at: secs(self.ends_at),
            cancelled_at: None,
            visit_id: self.visit_id.map(str::to_owned),
            non_uk_plate: i64::from(self.non_uk_plate),
            confirmation_seq: None,
            confirmed_at: None,
        }
    }
}

/// The days of one multi-day visit, in order.
pub async fn of_visit(
    conn: &mut Conn,
    resident_id: &str,
    visit_id: &str,
) -> Result<Vec<StayRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE resident_id = $1 AND visit_id = $2 ORDER BY starts_at, seq"
    ))
    .bind(resident_id)
    .bind(visit_id)
    .fetch_all(conn)
    .await
}

/// A stay's start and end.
pub type Period = (DateTime<Utc>, DateTime<Utc>);

pub(super) const OVERLAPPING: &str = "SELECT starts_at, ends_at FROM stays WHERE resident_id = $1 AND vrm = $2 \
     AND cancelled_at IS NULL AND starts_at < $3 AND ends_at > $4";

/// The (start, end) of the resident's stays for `vrm`, not cancelled, overlapping
/// `[from, until)`: the overlap question's input (issue 14).
pub async fn overlapping(
    conn: &mut Conn,
    resident_id: &str,
    vrm: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Period>, sqlx::Error> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(OVERLAPPING)
        .bind(resident_id)
        .bind(vrm)
        .bind(secs(until))
        .bind(secs(from))
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().map(|(s, e)| (at(s), at(e))).collect())
}

/// [`overlapping`] on the calling thread (SQLite, `db::inline_write`).
pub fn overlapping_inline(
    tx: &WriteTx<'_>,
    resident_id: &str,
    vrm: &str,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Period>, sqlx::Error> {
    inline::rows(
        tx,
        OVERLAPPING,
        &[&resident_id, &vrm, &secs(until), &secs(from)],
        |row| Ok((at(row.get(0)?), at(row.get(1)?))),
    )
}

/// ACT-5: the stay counts only once outbox message `seq` (its confirmation) has been sent.
pub async fn await_confirmation(conn: &mut Tx, id: &str, seq: i64) -> Result<(), sqlx::Error> {
    let vrms: Vec<String> =
        sqlx::query_scalar("UPDATE stays SET confirmation_seq = $1 WHERE id = $2 RETURNING vrm")
            .bind(seq)
            .bind(id)
            .fetch_all(&mut **conn)
            .await?;
    touch(conn, &vrms);
    Ok(())
}

/// The permission index reads these VRMs again after the commit (see `Tx::touch`).
fn touch(conn: &mut Tx, vrms: &[String]) {
    for vrm in vrms {
        conn.touch(vrm);
    }
}

/// ACT-5: the gateway accepted message `seq`; a stay waiting for it counts from `now`.
pub async fn confirmation_sent(
    conn: &mut Tx,
    seq: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let vrms: Vec<String> = sqlx::query_scalar(
        "UPDATE stays SET confirmed_at = $1 WHERE confirmation_seq = $2 AND confirmed_at IS NULL \
         RETURNING vrm",
    )
    .bind(secs(now))
    .bind(seq)
    .fetch_all(&mut **conn)
    .await?;
    touch(conn, &vrms);
    Ok(())
}

/// ACT-5: the stay (with its resident) still waiting for message `seq`, if any.
pub async fn waiting_for(
    conn: &mut Conn,
    seq: i64,
) -> Result<Option<(String, StayRow)>, sqlx::Error> {
    let resident: Option<String> = sqlx::query_scalar(
        "SELECT resident_id FROM stays WHERE confirmation_seq = $1 \
         AND confirmed_at IS NULL AND cancelled_at IS NULL",
    )
    .bind(seq)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(resident) = resident else {
        return Ok(None);
    };
    let row: Option<StayRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE confirmation_seq = $1 AND resident_id = $2"
    ))
    .bind(seq)
    .bind(&resident)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| (resident, row)))
}

pub async fn get(
    conn: &mut Conn,
    resident_id: &str,
    id: &str,
) -> Result<Option<StayRow>, sqlx::Error> {
    super::owned(conn, SELECT, resident_id, id).await
}

/// In start order.
pub async fn list(conn: &mut Conn, resident_id: &str) -> Result<Vec<StayRow>, sqlx::Error> {
    super::all_of(conn, SELECT, resident_id, "starts_at, seq").await
}

/// The resident's stays that still stand and start after `now`.
pub async fn not_started(
    conn: &mut Conn,
    resident_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<StayRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE resident_id = $1 AND cancelled_at IS NULL AND starts_at > $2 ORDER BY starts_at, seq"
    ))
    .bind(resident_id)
    .bind(secs(now))
    .fetch_all(conn)
    .await
}

pub async fn cancel(conn: &mut Tx, id: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let vrms: Vec<String> =
        sqlx::query_scalar("UPDATE stays SET cancelled_at = $1 WHERE id = $2 RETURNING vrm")
            .bind(secs(now))
            .bind(id)
            .fetch_all(&mut **conn)
            .await?;
    touch(conn, &vrms);
    Ok(())
}

/// The resident's home, as one SQL expression of `$1` (the resident): their latest
/// registration's property, or else (REG-4: permit holders need no registration) their newest
/// active vehicle permit's.
pub(super) const HOME_OF_RESIDENT: &str = "COALESCE(\
     (SELECT property_id FROM registrations WHERE resident_id = $1 ORDER BY seq DESC LIMIT 1), \
     (SELECT property_id FROM permits WHERE resident_id = $1 AND state = 'active' ORDER BY seq DESC LIMIT 1))";

/// The resident's home (see [`HOME_OF_RESIDENT`]), in one statement.
pub async fn resident_property(
    conn: &mut Conn,
    resident_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(&format!("SELECT {HOME_OF_RESIDENT}"))
        .bind(resident_id)
        .fetch_one(conn)
        .await
}

/// The property the stay was booked at (its zone is where it counts), if it was recorded.
pub async fn property_of(
    conn: &mut Conn,
    resident_id: &str,
    id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let found: Option<Option<String>> =
        sqlx::query_scalar("SELECT property_id FROM stays WHERE resident_id = $1 AND id = $2")
            .bind(resident_id)
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(found.flatten())
}

/// A page of the resident's stays, latest start first (staff reading a resident's records).
pub async fn page(
    conn: &mut Conn,
    resident_id: &str,
    page: (usize, usize),
) -> Result<Vec<StayRow>, sqlx::Error> {
    super::page_of(conn, SELECT, resident_id, "starts_at DESC, seq DESC", page).await
}
