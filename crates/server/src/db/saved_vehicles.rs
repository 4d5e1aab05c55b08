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

const SELECT: &str = "SELECT id, vrm, non_uk_plate, nickname, last_used_at FROM saved_vehicles";

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

pub async fn by_vrm(
    conn: &mut Conn,
    resident_id: &str,
    vrm: &str,
) -> Result<Option<SavedVehicleRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE resident_id = $1 AND vrm = $2"))
        .bind(resident_id)
        .bind(vrm)
        .fetch_optional(conn)
        .await
}

pub async fn count(conn: &mut Conn, resident_id: &str) -> Result<usize, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM saved_vehicles WHERE resident_id = $1")
        .bind(resident_id)
        .fetch_one(conn)
        .await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

#[derive(Debug)]
pub struct NewVehicle<'a> {
    pub resident_id: &'a str,
    pub vrm: &'a str,
    pub non_uk_plate: bool,
    pub nickname: Option<&'a str>,
}

pub async fn insert(
    conn: &mut Conn,
    new: &NewVehicle<'_>,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = new_id("veh");
    sqlx::query(
        "INSERT INTO saved_vehicles (id, resident_id, vrm, non_uk_plate, nickname, created_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(&id)
    .bind(new.resident_id)
    .bind(new.vrm)
    .bind(i64::from(new.non_uk_plate))
    .bind(new.nickname)
    .bind(secs(now))
    .execute(conn)
    .await?;
    Ok(id)
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

/// Booked again, or saved again: it moves to the top of the list.
pub async fn touch(conn: &mut Conn, id: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE saved_vehicles SET last_used_at = $1 WHERE id = $2")
        .bind(secs(now))
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
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
