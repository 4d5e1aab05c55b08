//! Saved visitor vehicles (issue 18): one row per plate per account, at most
//! `permit_rules::MAX_SAVED_VEHICLES` (the caller checks, holding the resident's lock).

use super::{Conn, WriteTx, at, inline, new_id, secs};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct SavedVehicleRow {
    pub id: String,
    pub vrm: String,
    /// 1 when saved as "not a UK registration".
    pub non_uk_plate: i64,
    pub nickname: Option<String>,
    pub last_used_at: i64,
}

impl SavedVehicleRow {
    pub fn last_used(&self) -> DateTime<Utc> {
        at(self.last_used_at)
    }
}

/// A saved vehicle row's columns, for [`SELECT`] and for writes that return the row.
macro_rules! columns {
    () => {
        "id, vrm, non_uk_plate, nickname, last_used_at"
    };
}

const SELECT: &str = concat!("SELECT ", columns!(), " FROM saved_vehicles");

/// The account's vehicles, most recently used first (the order Activate offers them in).
pub async fn list(conn: &mut Conn, resident_id: &str) -> Result<Vec<SavedVehicleRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE resident_id = $1 ORDER BY last_used_at DESC, id"
    ))
    .bind(resident_id)
    .fetch_all(conn)
    .await
}

/// The account's own vehicle `id`; another account's is `None`, as a missing one.
pub async fn get(
    conn: &mut Conn,
    resident_id: &str,
    id: &str,
) -> Result<Option<SavedVehicleRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE resident_id = $1 AND id = $2"))
        .bind(resident_id)
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub(super) const PLACE: &str = "SELECT COUNT(*), MAX(CASE WHEN vrm = $2 THEN id END) FROM saved_vehicles WHERE resident_id = $1";

/// How many vehicles the account has saved, and the id of the one with plate `vrm` if it is
/// among them: what saving a plate decides on, in one statement (a booking saves its vehicle
/// under the write lock).
pub async fn place(
    conn: &mut Conn,
    resident_id: &str,
    vrm: &str,
) -> Result<(usize, Option<String>), sqlx::Error> {
    let (n, id): (i64, Option<String>) = sqlx::query_as(PLACE)
        .bind(resident_id)
        .bind(vrm)
        .fetch_one(conn)
        .await?;
    Ok((usize::try_from(n).unwrap_or(usize::MAX), id))
}

/// [`place`] on the calling thread (SQLite, `db::inline_write`).
pub fn place_inline(
    tx: &WriteTx<'_>,
    resident_id: &str,
    vrm: &str,
) -> Result<(usize, Option<String>), sqlx::Error> {
    let (n, id) = inline::first(tx, PLACE, &[&resident_id, &vrm], |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, Option<String>>(1)?))
    })?
    .ok_or(sqlx::Error::RowNotFound)?;
    Ok((usize::try_from(n).unwrap_or(usize::MAX), id))
}

#[derive(Debug)]
pub struct NewVehicle<'a> {
    pub resident_id: &'a str,
    pub vrm: &'a str,
    pub non_uk_plate: bool,
    pub nickname: Option<&'a str>,
}

const INSERT: &str = concat!(
    "INSERT INTO saved_vehicles (id, resident_id, vrm, non_uk_plate, nickname, created_at, last_used_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ",
    columns!()
);

/// The row as written (RETURNING: no second read).
pub async fn insert(
    conn: &mut Conn,
    new: &NewVehicle<'_>,
    now: DateTime<Utc>,
) -> Result<SavedVehicleRow, sqlx::Error> {
    let id = new_id("veh");
    sqlx::query_as(INSERT)
        .bind(&id)
        .bind(new.resident_id)
        .bind(new.vrm)
        .bind(i64::from(new.non_uk_plate))
        .bind(new.nickname)
        .bind(secs(now))
        .fetch_one(conn)
        .await
}

/// [`insert`] on the calling thread (SQLite, `db::inline_write`).
pub fn insert_inline(
    tx: &WriteTx<'_>,
    new: &NewVehicle<'_>,
    now: DateTime<Utc>,
) -> Result<SavedVehicleRow, sqlx::Error> {
    let id = new_id("veh");
    let params: [&dyn rusqlite::ToSql; 6] = [
        &id,
        &new.resident_id,
        &new.vrm,
        &i64::from(new.non_uk_plate),
        &new.nickname,
        &secs(now),
    ];
    inline::first(tx, INSERT, &params, from_row)?.ok_or(sqlx::Error::RowNotFound)
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SavedVehicleRow> {
    Ok(SavedVehicleRow {
        id: row.get(0)?,
        vrm: row.get(1)?,
        non_uk_plate: row.get(2)?,
        nickname: row.get(3)?,
        last_used_at: row.get(4)?,
    })
}

/// A new name (`None` removes it); false when the account has no such vehicle.
pub async fn rename(
    conn: &mut Conn,
    resident_id: &str,
    id: &str,
    nickname: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE saved_vehicles SET nickname = $1 WHERE resident_id = $2 AND id = $3")
            .bind(nickname)
            .bind(resident_id)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

const TOUCH: &str = concat!(
    "UPDATE saved_vehicles SET last_used_at = $1 WHERE id = $2 RETURNING ",
    columns!()
);

/// Booked again, or saved again: it moves to the top of the list. The row as it is now.
pub async fn touch(
    conn: &mut Conn,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<SavedVehicleRow>, sqlx::Error> {
    sqlx::query_as(TOUCH)
        .bind(secs(now))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// [`touch`] on the calling thread (SQLite, `db::inline_write`).
pub fn touch_inline(
    tx: &WriteTx<'_>,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<SavedVehicleRow>, sqlx::Error> {
    inline::first(tx, TOUCH, &[&secs(now), &id], from_row)
}

/// False when the account has no such vehicle.
pub async fn delete(conn: &mut Conn, resident_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM saved_vehicles WHERE resident_id = $1 AND id = $2")
        .bind(resident_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
