//! Accounts: one per resident per council.

use super::{Backend, Conn, Db, new_id, secs};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct ResidentRow {
    pub id: String,
    pub council: String,
    pub full_name: String,
    pub email: Option<String>,
    pub mobile: Option<String>,
}

const COLUMNS: &str = "id, council, full_name, email, mobile";

#[derive(Debug)]
pub struct NewResident<'a> {
    pub council: &'a str,
    pub full_name: &'a str,
    pub email: Option<&'a str>,
    pub mobile: Option<&'a str>,
}

pub async fn insert(
    conn: &mut Conn,
    new: &NewResident<'_>,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = new_id("res");
    sqlx::query(
        "INSERT INTO residents (id, council, full_name, email, mobile, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(new.council)
    .bind(new.full_name)
    .bind(new.email)
    .bind(new.mobile)
    .bind(secs(now))
    .execute(conn)
    .await?;
    Ok(id)
}

/// The account at `council` whose email or mobile is `contact` (already normalised).
pub async fn find_by_contact(
    conn: &mut Conn,
    council: &str,
    contact: &str,
) -> Result<Option<ResidentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM residents WHERE council = $1 AND (email = $2 OR mobile = $2)"
    ))
    .bind(council)
    .bind(contact)
    .fetch_optional(conn)
    .await
}

pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<ResidentRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM residents WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Serialises read-then-write work on one resident. SQLite's `BEGIN IMMEDIATE` (see
/// [`Db::write_tx`]) already holds the only write lock; PostgreSQL locks the resident's row
/// so two requests for the same resident take turns.
pub async fn lock(db: &Db, conn: &mut Conn, id: &str) -> Result<(), sqlx::Error> {
    if db.backend() == Backend::Postgres {
        sqlx::query("SELECT id FROM residents WHERE id = $1 FOR UPDATE")
            .bind(id)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Links a confirmed email (REG-2) to the account, replacing the one it had.
pub async fn set_email(conn: &mut Conn, id: &str, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE residents SET email = $1 WHERE id = $2")
        .bind(email)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Links a confirmed mobile (REG-2, ACT-4) to the account, replacing the one it had.
pub async fn set_mobile(conn: &mut Conn, id: &str, mobile: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE residents SET mobile = $1 WHERE id = $2")
        .bind(mobile)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}
