//! Vehicle permits: resident permits (RP-1) and annual visitor permits (AVP-1).

use super::{Conn, Tx, at, new_id, secs};
use crate::domain::PermitState;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct PermitRow {
    pub id: String,
    pub resident_id: String,
    pub payment_id: String,
    pub permit_type: String,
    pub vrm: String,
    pub property_id: String,
    pub duration_months: i64,
    pub price_pence: i64,
    pub state: PermitState,
    pub auto_renew: i64,
    pub starts_at: i64,
    pub expires_at: i64,
    pub reminded_at: Option<i64>,
    /// RP-6: the recurring-payment agreement its renewal is charged to.
    pub agreement_id: Option<String>,
    /// RP-4, AVP-3: where it was renewed, the end of the next period (see [`renewal_of`]).
    pub renewed_until: Option<i64>,
    /// RP-2: where that next period awaits the council's review, when it was paid for (the
    /// council's review clock starts then, as in its queue).
    pub renewal_submitted_at: Option<i64>,
    /// RP-4, AVP-3: its resident gave an email address, where reminders go (1) or not (0).
    pub resident_has_email: i64,
}

impl PermitRow {
    pub fn starts(&self) -> DateTime<Utc> {
        at(self.starts_at)
    }

    pub fn expires(&self) -> DateTime<Utc> {
        at(self.expires_at)
    }

    pub fn renewed_until(&self) -> Option<DateTime<Utc>> {
        self.renewed_until.map(at)
    }
}

/// With what the resident is told about its renewal: its next period, found through
/// `permits_renewed_from` (the same periods as [`renewal_of`]), and whether the resident has an
/// email address.
const SELECT: &str = "SELECT id, resident_id, payment_id, permit_type, vrm, property_id, duration_months, \
                       price_pence, state, auto_renew, starts_at, expires_at, reminded_at, agreement_id, \
                       (SELECT MAX(n.expires_at) FROM permits n \
                         WHERE n.renewed_from = permits.id AND n.state <> 'rejected') AS renewed_until, \
                       (SELECT MIN(pay.created_at) FROM permits n JOIN payments pay ON pay.id = n.payment_id \
                         WHERE n.renewed_from = permits.id AND n.state = 'pending_review') AS renewal_submitted_at, \
                       CAST((SELECT COUNT(*) FROM residents r \
                         WHERE r.id = permits.resident_id AND r.email IS NOT NULL) AS BIGINT) AS resident_has_email \
                       FROM permits";

#[derive(Debug)]
pub struct NewPermit<'a> {
    pub resident_id: &'a str,
    pub payment_id: &'a str,
    pub permit_type: &'a str,
    pub vrm: &'a str,
    pub property_id: &'a str,
    pub duration_months: i64,
    pub price_pence: i64,
    pub state: PermitState,
    pub auto_renew: bool,
    pub starts_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub renewed_from: Option<&'a str>,
}

pub async fn insert(conn: &mut Tx, new: &NewPermit<'_>) -> Result<PermitRow, sqlx::Error> {
    let id = new_id("pmt");
    sqlx::query(
        "INSERT INTO permits (id, resident_id, payment_id, permit_type, vrm, property_id, duration_months, \
         price_pence, state, auto_renew, starts_at, expires_at, renewed_from) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(&id)
    .bind(new.resident_id)
    .bind(new.payment_id)
    .bind(new.permit_type)
    .bind(new.vrm)
    .bind(new.property_id)
    .bind(new.duration_months)
    .bind(new.price_pence)
    .bind(new.state.as_str())
    .bind(i64::from(new.auto_renew))
    .bind(secs(new.starts_at))
    .bind(secs(new.expires_at))
    .bind(new.renewed_from)
    .execute(&mut **conn)
    .await?;
    conn.touch(new.vrm);
    get(conn, new.resident_id, &id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// The resident's permit, or none: another resident's id finds nothing.
pub async fn get(
    conn: &mut Conn,
    resident_id: &str,
    id: &str,
) -> Result<Option<PermitRow>, sqlx::Error> {
    super::owned(conn, SELECT, resident_id, id).await
}

pub async fn list(conn: &mut Conn, resident_id: &str) -> Result<Vec<PermitRow>, sqlx::Error> {
    super::all_of(conn, SELECT, resident_id, "seq").await
}

pub async fn for_payment(
    conn: &mut Conn,
    payment_id: &str,
) -> Result<Option<PermitRow>, sqlx::Error> {
    super::one_by(conn, SELECT, "payment_id", payment_id).await
}

/// Whether a later period already follows this permit (it was renewed).
pub async fn renewal_of(conn: &mut Conn, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM permits WHERE renewed_from = $1 AND state <> 'rejected'")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The period this one renews (RP-4, AVP-3) and this one's state; none where it renews nothing.
pub async fn renews(
    conn: &mut Conn,
    id: &str,
) -> Result<Option<(String, PermitState)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT renewed_from, state FROM permits WHERE id = $1 AND renewed_from IS NOT NULL",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// RP-2, RP-6: while a renewal awaits the council's review, the other period of the pair: the
/// active period it renews, or (from that one) the renewal under review. None otherwise.
pub async fn under_review_with(conn: &mut Conn, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT o.id FROM permits p JOIN permits o \
           ON (p.state = 'pending_review' AND o.state = 'active' AND o.id = p.renewed_from) \
           OR (p.state = 'active' AND o.state = 'pending_review' AND o.renewed_from = p.id) \
         WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn set_state(
    conn: &mut Tx,
    id: &str,
    state: PermitState,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let cancelled_at = (state == PermitState::Cancelled).then(|| secs(now));
    let vrm: Option<String> = sqlx::query_scalar(
        "UPDATE permits SET state = $1, cancelled_at = $2 WHERE id = $3 RETURNING vrm",
    )
    .bind(state.as_str())
    .bind(cancelled_at)
    .bind(id)
    .fetch_optional(&mut **conn)
    .await?;
    touch(conn, vrm);
    Ok(())
}

/// The permission index reads `vrm` again after the commit (see `Tx::touch`).
fn touch(conn: &mut Tx, vrm: Option<String>) {
    if let Some(vrm) = vrm {
        conn.touch(&vrm);
    }
}

pub async fn set_auto_renew(conn: &mut Conn, id: &str, on: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE permits SET auto_renew = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn set_vrm(conn: &mut Tx, id: &str, vrm: &str) -> Result<(), sqlx::Error> {
    // The vehicle it leaves loses the permit: both VRMs are read again.
    let old: Option<String> = sqlx::query_scalar("SELECT vrm FROM permits WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **conn)
        .await?;
    sqlx::query("UPDATE permits SET vrm = $1 WHERE id = $2")
        .bind(vrm)
        .bind(id)
        .execute(&mut **conn)
        .await?;
    touch(conn, old);
    conn.touch(vrm);
    Ok(())
}

/// RP-7, another zone: the next period of a permit that ends with the move follows on from
/// the permit that replaces it, at the new address.
pub async fn follow_on(
    conn: &mut Tx,
    id: &str,
    renewed_from: &str,
    property_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE permits SET renewed_from = $1 WHERE id = $2")
        .bind(renewed_from)
        .bind(id)
        .execute(&mut **conn)
        .await?;
    set_property(conn, id, property_id).await
}

/// The property a permit belongs to (RP-7: `permit_rules::address_change` says when it moves).
pub async fn set_property(conn: &mut Tx, id: &str, property_id: &str) -> Result<(), sqlx::Error> {
    let vrm: Option<String> =
        sqlx::query_scalar("UPDATE permits SET property_id = $1 WHERE id = $2 RETURNING vrm")
            .bind(property_id)
            .bind(id)
            .fetch_optional(&mut **conn)
            .await?;
    touch(conn, vrm);
    Ok(())
}

/// [`live`]'s query: found through `permits_renewal_due`, not by reading every permit.
pub static LIVE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{SELECT} WHERE state = 'active' AND expires_at > $1 AND expires_at <= $2 \
           AND reminded_at IS NULL ORDER BY seq"
    )
});

/// Active permits of every resident, not yet reminded, that expire after `now` and by
/// `expiring_by`: what the renewal job looks at.
pub async fn live(
    conn: &mut Conn,
    now: DateTime<Utc>,
    expiring_by: DateTime<Utc>,
) -> Result<Vec<PermitRow>, sqlx::Error> {
    sqlx::query_as(&LIVE)
        .bind(secs(now))
        .bind(secs(expiring_by))
        .fetch_all(conn)
        .await
}

pub async fn mark_reminded(
    conn: &mut Conn,
    id: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE permits SET reminded_at = $1 WHERE id = $2")
        .bind(secs(now))
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The resident's newest permits, at most `limit`.
pub async fn newest(
    conn: &mut Conn,
    resident_id: &str,
    limit: usize,
) -> Result<Vec<PermitRow>, sqlx::Error> {
    super::page_of(conn, SELECT, resident_id, "seq DESC", (limit, 0)).await
}
