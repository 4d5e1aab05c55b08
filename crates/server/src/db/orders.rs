//! Two-phase purchases (issue 16): orders awaiting payment on the provider's hosted page, the
//! allowance they hold, and settling each exactly once.

use super::{Conn, new_id, secs};
use crate::domain::OrderState;
use chrono::{DateTime, Utc};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct OrderRow {
    pub id: String,
    pub resident_id: String,
    pub council: String,
    pub household: Option<String>,
    pub property_id: String,
    pub request_hash: String,
    pub permit_type: String,
    pub permits: i64,
    /// The rules engine's `PurchaseQuote`, as JSON: what is issued once it is paid.
    pub quote: String,
    pub vrm: Option<String>,
    pub duration_months: Option<i64>,
    pub amount_pence: i64,
    pub description: String,
    pub provider_payment_id: Option<String>,
    pub next_url: Option<String>,
    pub state: OrderState,
    pub failure_code: Option<String>,
    pub payment_id: Option<String>,
    /// The `PurchaseReceipt` issued, as JSON, once paid.
    pub receipt: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    /// The permit a renewal order renews (RP-4, AVP-3); `quote` is then a `RenewalQuote`.
    pub renews: Option<String>,
}

const SELECT: &str = "SELECT id, resident_id, council, household, property_id, request_hash, permit_type, permits, quote, vrm, duration_months, amount_pence, description, provider_payment_id, next_url, state, failure_code, payment_id, receipt, created_at, expires_at, renews FROM orders";

#[derive(Debug)]
pub struct NewOrder<'a> {
    pub resident_id: &'a str,
    pub council: &'a str,
    pub household: Option<&'a str>,
    pub property_id: &'a str,
    pub idem_key: &'a str,
    pub request_hash: &'a str,
    pub permit_type: &'a str,
    pub permits: i64,
    pub quote: &'a str,
    pub vrm: Option<&'a str>,
    pub duration_months: Option<i64>,
    pub amount_pence: i64,
    pub description: &'a str,
    pub expires_at: DateTime<Utc>,
    /// The permit it renews, for a renewal.
    pub renews: Option<&'a str>,
    /// `AwaitingPayment`, or `Ready` for a renewal made for an emailed link.
    pub state: OrderState,
}

pub async fn insert(
    conn: &mut Conn,
    new: &NewOrder<'_>,
    now: DateTime<Utc>,
) -> Result<OrderRow, sqlx::Error> {
    let id = new_id("ord");
    sqlx::query(
        "INSERT INTO orders (id, resident_id, council, household, property_id, idem_key, request_hash, permit_type, permits, quote, vrm, duration_months, amount_pence, description, state, created_at, expires_at, renews) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(&id)
    .bind(new.resident_id)
    .bind(new.council)
    .bind(new.household)
    .bind(new.property_id)
    .bind(new.idem_key)
    .bind(new.request_hash)
    .bind(new.permit_type)
    .bind(new.permits)
    .bind(new.quote)
    .bind(new.vrm)
    .bind(new.duration_months)
    .bind(new.amount_pence)
    .bind(new.description)
    .bind(new.state.as_str())
    .bind(secs(now))
    .bind(secs(new.expires_at))
    .bind(new.renews)
    .execute(&mut *conn)
    .await?;
    by_id(conn, &id).await?.ok_or(sqlx::Error::RowNotFound)
}

/// Any resident's order: for settling, which the provider's answer decides, not the caller.
pub async fn by_id(conn: &mut Conn, id: &str) -> Result<Option<OrderRow>, sqlx::Error> {
    super::one_by(conn, SELECT, "id", id).await
}

/// The resident's order, or none: another resident's id finds nothing (a 404).
pub async fn get(
    conn: &mut Conn,
    resident_id: &str,
    id: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    super::owned(conn, SELECT, resident_id, id).await
}

/// The order that paid for `payment_id` (a payment row), if it was paid on a hosted page.
pub async fn for_payment(
    conn: &mut Conn,
    payment_id: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    super::one_by(conn, SELECT, "payment_id", payment_id).await
}

/// The order the resident made with this `Idempotency-Key`.
pub async fn by_key(
    conn: &mut Conn,
    resident_id: &str,
    key: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    by_both(conn, ("resident_id", resident_id), ("idem_key", key)).await
}

/// The council's order paid with this provider payment (webhooks name payments, not orders).
pub async fn by_provider_payment(
    conn: &mut Conn,
    council: &str,
    payment_id: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    by_both(
        conn,
        ("council", council),
        ("provider_payment_id", payment_id),
    )
    .await
}

/// The order whose two columns (named here, never by callers' input) hold these values.
async fn by_both(
    conn: &mut Conn,
    (first, a): (&str, &str),
    (second, b): (&str, &str),
) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE {first} = $1 AND {second} = $2"))
        .bind(a)
        .bind(b)
        .fetch_optional(conn)
        .await
}

/// Orders awaiting payment that hold allowance at `now`: the household's, or the resident's
/// own where they have no household.
pub async fn holding(
    conn: &mut Conn,
    council: &str,
    household: Option<&str>,
    resident_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    // The household's orders count against its shared allowance (VP-2, VP-4, VP-5); a
    // renewal uses none.
    let (column, owner) = match household {
        Some(home) => ("household", home),
        None => ("resident_id", resident_id),
    };
    sqlx::query_as(&format!(
        "{SELECT} WHERE council = $1 AND {column} = $2 AND state = $3 AND expires_at > $4 AND renews IS NULL"
    ))
    .bind(council)
    .bind(owner)
    .bind(OrderState::AwaitingPayment.as_str())
    .bind(secs(now))
    .fetch_all(conn)
    .await
}

/// The resident's orders renewing `permit_id` that still await payment (at most one is made
/// at a time: a new one supersedes them first).
pub async fn renewing(
    conn: &mut Conn,
    resident_id: &str,
    permit_id: &str,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE renews = $1 AND resident_id = $2 AND state = $3"
    ))
    .bind(permit_id)
    .bind(resident_id)
    .bind(OrderState::AwaitingPayment.as_str())
    .fetch_all(conn)
    .await
}

/// Orders still awaiting payment, oldest first, at most `limit` (the reconciliation job).
pub async fn awaiting(conn: &mut Conn, limit: i64) -> Result<Vec<OrderRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE state = $1 ORDER BY seq LIMIT $2"))
        .bind(OrderState::AwaitingPayment.as_str())
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// A ready-made renewal order (RP-4, RP-6) goes to payment: it awaits payment until
/// `expires_at` (the provider's own expiry), only if it is still ready; false otherwise.
pub async fn open_ready(
    conn: &mut Conn,
    id: &str,
    expires_at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE orders SET state = $1, expires_at = $2 WHERE id = $3 AND state = $4")
            .bind(OrderState::AwaitingPayment.as_str())
            .bind(secs(expires_at))
            .bind(id)
            .bind(OrderState::Ready.as_str())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a ready-made renewal order that was never taken to payment (`Expired` once its permit
/// could no longer be renewed, `Cancelled` once the permit ended or was renewed otherwise);
/// only if it is still ready.
pub async fn end_ready(
    conn: &mut Conn,
    id: &str,
    state: OrderState,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE orders SET state = $1, settled_at = $2 WHERE id = $3 AND state = $4")
            .bind(state.as_str())
            .bind(secs(now))
            .bind(id)
            .bind(OrderState::Ready.as_str())
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the provider's payment and where to send the payer.
pub async fn set_provider_payment(
    conn: &mut Conn,
    id: &str,
    payment_id: &str,
    next_url: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET provider_payment_id = $1, next_url = $2 WHERE id = $3")
        .bind(payment_id)
        .bind(next_url)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives the order the hash of the token its no-session return page is named by (an order
/// paid in the Tauri app, before its payment is created).
pub async fn set_return_token(
    conn: &mut Conn,
    id: &str,
    token_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET return_token_hash = $1 WHERE id = $2")
        .bind(token_hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The order whose return page token hashes to `token_hash`.
pub async fn by_return_token(
    conn: &mut Conn,
    token_hash: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    super::one_by(conn, SELECT, "return_token_hash", token_hash).await
}

/// Marks the order paid with `payment_id` (`Paid`, or `Refunded` where what it paid for could
/// not be issued), only if it still awaits payment; false if another settlement got there
/// first (then the caller's transaction must not commit).
pub async fn mark_paid(
    conn: &mut Conn,
    id: &str,
    (state, payment_id): (OrderState, &str),
    receipt: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET state = $1, payment_id = $2, receipt = $3, next_url = NULL, settled_at = $4 WHERE id = $5 AND state = $6",
    )
    .bind(state.as_str())
    .bind(payment_id)
    .bind(receipt)
    .bind(secs(now))
    .bind(id)
    .bind(OrderState::AwaitingPayment.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends an unpaid order (declined, cancelled, failed, expired), releasing its hold; only if it
/// still awaits payment.
pub async fn mark_unpaid(
    conn: &mut Conn,
    id: &str,
    state: OrderState,
    code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET state = $1, failure_code = $2, next_url = NULL, settled_at = $3 WHERE id = $4 AND state = $5",
    )
    .bind(state.as_str())
    .bind(code)
    .bind(secs(now))
    .bind(id)
    .bind(OrderState::AwaitingPayment.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
