//! Saved visitor vehicles (issue 18): one row per plate per account, at most
//! `permit_rules::MAX_SAVED_VEHICLES` (the caller checks, holding the resident's lock).

use super::{Conn, at, new_id, secs};
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

/// How many vehicles the account has saved, and the id of the one with plate `vrm` if it is
/// among them: what saving a plate decides on, in one statement (a booking saves its vehicle
/// under the write lock).
pub async fn place(
    conn: &mut Conn,
    resident_id: &str,
    vrm: &str,
) -> Result<(usize, Option<String>), sqlx::Error> {
    let (n, id): (i64, Option<String>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(CASE WHEN vrm = $2 THEN id END) FROM saved_vehicles WHERE resident_id = $1",
    )
    .bind(resident_id)
    .bind(vrm)
    .fetch_one(conn)
    .await?;
    Ok((usize::try_from(n).unwrap_or(usize::MAX), id))
}

#[derive(Debug)]
pub struct NewVehicle<'a> {
    pub resident_id: &'a str,
    pub vrm: &'a str,
    pub non_uk_plate: bool,
    pub nickname: Option<&'a str>,
}

/// The row as written (RETURNING: no second read).
pub async fn insert(
    conn: &mut Conn,
    new: &NewVehicle<'_>,
    now: DateTime<Utc>,
) -> Result<SavedVehicleRow, sqlx::Error> {
    let id = new_id("veh");
    sqlx::query_as(concat!(
        "INSERT INTO saved_vehicles (id, resident_id, vrm, non_uk_plate, nickname, created_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ",
        columns!()
    ))
    .bind(&id)
    .bind(new.resident_id)
    .bind(new.vrm)
    .bind(i64::from(new.non_uk_plate))
    .bind(new.nickname)
    .bind(secs(now))
    .fetch_one(conn)
    .await
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

/// Booked again, or saved again: it moves to the top of the list. The row as it is now.
pub async fn touch(
    conn: &mut Conn,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<SavedVehicleRow>, sqlx::Error> {
    sqlx::query_as(concat!(
        "UPDATE saved_vehicles SET last_used_at = $1 WHERE id = $2 RETURNING ",
        columns!()
    ))
    .bind(secs(now))
    .bind(id)
    .fetch_optional(conn)
    .await
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
