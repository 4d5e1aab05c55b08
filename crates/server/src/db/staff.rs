//! Council staff (officers, phone agents and admins), their login codes and sessions.

use super::{Backend, Conn, Db, new_id, secs};
use crate::domain::StaffRole;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct StaffRow {
    pub id: String,
    pub council: String,
    pub role: StaffRole,
    pub email: String,
    pub full_name: String,
    /// When an admin disabled them: no login, no sessions.
    pub disabled_at: Option<i64>,
}

impl StaffRow {
    pub fn enabled(&self) -> bool {
        self.disabled_at.is_none()
    }
}

const SELECT: &str = "SELECT id, council, role, email, full_name, disabled_at FROM staff";

#[derive(Debug)]
pub struct NewStaff<'a> {
    pub council: &'a str,
    pub role: StaffRole,
    pub email: &'a str,
    pub full_name: &'a str,
}

pub async fn insert(
    conn: &mut Conn,
    new: &NewStaff<'_>,
    now: DateTime<Utc>,
) -> Result<StaffRow, sqlx::Error> {
    let id = new_id("staff");
    sqlx::query(
        "INSERT INTO staff (id, council, role, email, full_name, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(new.council)
    .bind(new.role.as_str())
    .bind(new.email)
    .bind(new.full_name)
    .bind(secs(now))
    .execute(&mut *conn)
    .await?;
    get(conn, &id).await?.ok_or(sqlx::Error::RowNotFound)
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<StaffRow>, sqlx::Error> {
    super::one_by(conn, SELECT, "id", id).await
}

pub async fn by_email(conn: &mut Conn, email: &str) -> Result<Option<StaffRow>, sqlx::Error> {
    super::one_by(conn, SELECT, "email", email).await
}

/// Replaces the member of staff's login code.
pub async fn set_pin(
    conn: &mut Conn,
    staff_id: &str,
    pin_hash: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_pins WHERE staff_id = $1")
        .bind(staff_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO staff_pins (staff_id, pin_hash, expires_at) VALUES ($1, $2, $3)")
        .bind(staff_id)
        .bind(pin_hash)
        .bind(secs(expires_at))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Takes the code away whatever it was (single use; a wrong guess burns it) and says whether
/// it matched and was in time.
pub async fn take_pin(
    conn: &mut Conn,
    staff_id: &str,
    pin_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let stored: Option<(String, i64)> =
        sqlx::query_as("SELECT pin_hash, expires_at FROM staff_pins WHERE staff_id = $1")
            .bind(staff_id)
            .fetch_optional(&mut *conn)
            .await?;
    sqlx::query("DELETE FROM staff_pins WHERE staff_id = $1")
        .bind(staff_id)
        .execute(conn)
        .await?;
    Ok(stored.is_some_and(|(hash, expires)| hash == pin_hash && secs(now) < expires))
}

pub async fn insert_session(
    conn: &mut Conn,
    token_hash: &str,
    staff_id: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)")
        .bind(token_hash)
        .bind(staff_id)
        .bind(secs(now))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The session's staff id, creation and last use.
pub async fn find_session(
    conn: &mut Conn,
    token_hash: &str,
) -> Result<Option<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT staff_id, created_at, last_seen_at FROM staff_sessions WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

pub async fn touch_session(
    conn: &mut Conn,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(secs(now))
        .bind(token_hash)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn delete_session(conn: &mut Conn, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await
        .map(|_| ())
}

/// `limit` of the council's staff from `offset` on, by name (disabled ones too).
pub async fn of_council(
    conn: &mut Conn,
    council: &str,
    limit: usize,
    offset: usize,
) -> Result<Vec<StaffRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE council = $1 ORDER BY full_name, id LIMIT $2 OFFSET $3"
    ))
    .bind(council)
    .bind(super::count(limit))
    .bind(super::count(offset))
    .fetch_all(conn)
    .await
}

/// The council's enabled admins, locked on PostgreSQL for the rest of the transaction so two
/// admins disabling each other at once cannot leave the council with none (SQLite's write
/// transaction already holds the only write lock).
pub async fn enabled_admins(
    db: &Db,
    conn: &mut Conn,
    council: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let lock = if db.backend() == Backend::Postgres {
        " FOR UPDATE"
    } else {
        ""
    };
    sqlx::query_scalar(&format!(
        "SELECT id FROM staff WHERE council = $1 AND role = $2 AND disabled_at IS NULL{lock}"
    ))
    .bind(council)
    .bind(StaffRole::Admin.as_str())
    .fetch_all(conn)
    .await
}

pub async fn set_role(conn: &mut Conn, id: &str, role: StaffRole) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff SET role = $1 WHERE id = $2")
        .bind(role.as_str())
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Disables a member of staff and ends every session and login code they hold, so their next
/// request is a 401 and they cannot log in again.
pub async fn disable(conn: &mut Conn, id: &str, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL")
        .bind(secs(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for table in ["staff_sessions", "staff_pins"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE staff_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
