//! Visitor permits bought together, and how many are left of each (VP-1 to VP-6).

use super::{Conn, WriteTx, at, inline, new_id, secs};
use crate::domain::BundleState;
use chrono::{DateTime, Utc};
use permit_api_types::VisitorBundle;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct BundleRow {
    pub id: String,
    pub payment_id: String,
    pub permit_type: String,
    pub permits: i64,
    pub remaining: i64,
    pub state: BundleState,
    pub bought_at: i64,
    pub expires_at: i64,
}

impl BundleRow {
    pub fn view(&self) -> VisitorBundle {
        VisitorBundle {
            id: self.id.clone(),
            permit_type: self.permit_type.clone(),
            permits: u32::try_from(self.permits).unwrap_or_default(),
            remaining: u32::try_from(self.remaining).unwrap_or_default(),
            state: self.state.to_string(),
            bought_at: at(self.bought_at),
            expires_at: at(self.expires_at),
        }
    }
}

/// A bundle row's columns, for [`SELECT`] and for reads that add to them.
macro_rules! columns {
    () => {
        "id, payment_id, permit_type, permits, remaining, state, bought_at, expires_at"
    };
}

const SELECT: &str = concat!("SELECT ", columns!(), " FROM bundles");

/// The columns of [`BundleRow`], for reads composed elsewhere (`postgres_booking`).
pub(super) const SELECT_COLUMNS: &str = columns!();

#[derive(Debug)]
pub struct NewBundle<'a> {
    pub resident_id: &'a str,
    pub payment_id: &'a str,
    /// The household it counts against (VP-2, VP-4, VP-5): the buyer's registered property.
    pub property_id: Option<&'a str>,
    pub permit_type: &'a str,
    pub permits: i64,
    pub state: BundleState,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(
    conn: &mut Conn,
    new: &NewBundle<'_>,
    now: DateTime<Utc>,
) -> Result<BundleRow, sqlx::Error> {
    let id = new_id("vp");
    sqlx::query(
        "INSERT INTO bundles (id, resident_id, payment_id, permit_type, permits, remaining, state, bought_at, expires_at, property_id) \
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9)",
    )
    .bind(&id)
    .bind(new.resident_id)
    .bind(new.payment_id)
    .bind(new.permit_type)
    .bind(new.permits)
    .bind(new.state.as_str())
    .bind(secs(now))
    .bind(secs(new.expires_at))
    .bind(new.property_id)
    .execute(&mut *conn)
    .await?;
    super::one_by(conn, SELECT, "id", &id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Every bundle the resident bought, oldest first (the allowance counts them all, VP-2).
pub async fn list(conn: &mut Conn, resident_id: &str) -> Result<Vec<BundleRow>, sqlx::Error> {
    super::all_of(conn, SELECT, resident_id, "seq").await
}

/// Every bundle the resident bought, oldest first, and the resident's home (see
/// [`super::stays::HOME_OF_RESIDENT`]) in the same statement: booking needs both under the
/// write lock, where every statement makes other bookings wait. The home is `None` when there
/// is no bundle (nothing can be booked then).
pub async fn list_with_home(
    conn: &mut Conn,
    resident_id: &str,
) -> Result<(Vec<BundleRow>, Option<String>), sqlx::Error> {
    #[derive(FromRow)]
    struct AtHome {
        #[sqlx(flatten)]
        bundle: BundleRow,
        home: Option<String>,
    }
    let rows: Vec<AtHome> = sqlx::query_as(&WITH_HOME)
        .bind(resident_id)
        .fetch_all(conn)
        .await?;
    let home = rows.first().and_then(|r| r.home.clone());
    Ok((rows.into_iter().map(|r| r.bundle).collect(), home))
}

static WITH_HOME: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {}, {} AS home FROM bundles WHERE resident_id = $1 ORDER BY seq",
        columns!(),
        super::stays::HOME_OF_RESIDENT
    )
});

/// [`list_with_home`] on the calling thread (SQLite, `db::inline_write`).
pub fn list_with_home_inline(
    tx: &WriteTx<'_>,
    resident_id: &str,
) -> Result<(Vec<BundleRow>, Option<String>), sqlx::Error> {
    let rows = inline::rows(tx, &WITH_HOME, &[&resident_id], |row| {
        let state: String = row.get(5)?;
        let bundle = BundleRow {
            id: row.get(0)?,
            payment_id: row.get(1)?,
            permit_type: row.get(2)?,
            permits: row.get(3)?,
            remaining: row.get(4)?,
            state: state.parse().map_err(|_| {
                rusqlite::Error::FromSqlConversionFailure(
                    5,
                    rusqlite::types::Type::Text,
                    format!("unknown bundle state {state}").into(),
                )
            })?,
            bought_at: row.get(6)?,
            expires_at: row.get(7)?,
        };
        Ok((bundle, row.get::<_, Option<String>>(8)?))
    })?;
    let home = rows.first().and_then(|(_, home)| home.clone());
    Ok((rows.into_iter().map(|(bundle, _)| bundle).collect(), home))
}

pub const HOUSEHOLD: &str = "SELECT b.id, b.payment_id, b.permit_type, b.permits, b.remaining, b.state, b.bought_at, b.expires_at \
     FROM bundles b JOIN residents r ON r.id = b.resident_id \
     WHERE b.property_id = $1 AND r.council = $2 ORDER BY b.seq";

/// Every bundle bought for one household: the accounts of `council` registered at
/// `property_id`, oldest first (VP-2, VP-4, VP-5: a second account at the same address does not
/// bring a second allowance).
pub async fn household(
    conn: &mut Conn,
    council: &str,
    property_id: &str,
) -> Result<Vec<BundleRow>, sqlx::Error> {
    sqlx::query_as(HOUSEHOLD)
        .bind(property_id)
        .bind(council)
        .fetch_all(conn)
        .await
}

/// Holds one household's purchases to this transaction, so that accounts at the same address
/// buying at once are counted one after the other (SQLite's writer is already one at a time).
pub async fn lock_household(
    db: &super::Db,
    conn: &mut Conn,
    council: &str,
    property_id: &str,
) -> Result<(), sqlx::Error> {
    if db.backend() == super::Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind(format!("household:{council}:{property_id}"))
            .execute(conn)
            .await?;
    }
    Ok(())
}

pub async fn for_payment(
    conn: &mut Conn,
    payment_id: &str,
) -> Result<Option<BundleRow>, sqlx::Error> {
    super::one_by(conn, SELECT, "payment_id", payment_id).await
}

const ADJUST: &str = "UPDATE bundles SET remaining = remaining + $1 WHERE id = $2";

/// Spends (`delta` = -1) or returns (`delta` = 1) one permit of a bundle.
pub async fn adjust_remaining(conn: &mut Conn, id: &str, delta: i64) -> Result<(), sqlx::Error> {
    sqlx::query(ADJUST)
        .bind(delta)
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// [`adjust_remaining`] on the calling thread (SQLite, `db::inline_write`).
pub fn adjust_remaining_inline(tx: &WriteTx<'_>, id: &str, delta: i64) -> Result<(), sqlx::Error> {
    inline::execute(tx, ADJUST, &[&delta, &id]).map(|_| ())
}

pub async fn set_state(conn: &mut Conn, id: &str, state: BundleState) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE bundles SET state = $1 WHERE id = $2")
        .bind(state.as_str())
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// VP-3: the unused permits of bundles whose expiry has passed are removed; returns how many
/// bundles had some. Bundles already at zero are untouched, so a second run changes nothing.
pub async fn remove_expired(conn: &mut Conn, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    sqlx::query("UPDATE bundles SET remaining = 0 WHERE expires_at <= $1 AND remaining > 0")
        .bind(secs(now))
        .execute(conn)
        .await
        .map(|done| done.rows_affected())
}
