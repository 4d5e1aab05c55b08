//! VP-7: the payment history, one row per paid purchase.

use super::{Conn, at, new_id, secs};
use crate::domain::{PaymentStatus, RefundState};
use chrono::{DateTime, Utc};
use permit_api_types::Payment;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct PaymentRow {
    pub id: String,
    pub permit_type: String,
    pub description: String,
    pub quantity: i64,
    pub amount_pence: i64,
    pub refunded_pence: i64,
    pub status: PaymentStatus,
    pub charge_ref: String,
    pub created_at: i64,
    pub refund_state: Option<RefundState>,
}

impl PaymentRow {
    pub fn view(&self) -> Payment {
        Payment {
            id: self.id.clone(),
            permit_type: self.permit_type.clone(),
            description: self.description.clone(),
            quantity: u32::try_from(self.quantity).unwrap_or_default(),
            amount_pence: u64::try_from(self.amount_pence).unwrap_or_default(),
            refunded_pence: u64::try_from(self.refunded_pence).unwrap_or_default(),
            status: self.status.to_string(),
            refund_status: self.refund_state.map(|s| s.to_string()),
            paid_at: at(self.created_at),
        }
    }
}

/// With the state of its latest refund through the provider, if any (issue 16).
const SELECT: &str = "SELECT id, permit_type, description, quantity, amount_pence, refunded_pence, status, charge_ref, created_at, \
     (SELECT r.state FROM refunds r WHERE r.payment_id = payments.id ORDER BY r.seq DESC LIMIT 1) AS refund_state FROM payments";

#[derive(Debug)]
pub struct NewPayment<'a> {
    pub resident_id: &'a str,
    pub permit_type: &'a str,
    pub description: &'a str,
    pub quantity: i64,
    pub amount_pence: i64,
    pub charge_ref: &'a str,
}

pub async fn insert(
    conn: &mut Conn,
    new: &NewPayment<'_>,
    now: DateTime<Utc>,
) -> Result<PaymentRow, sqlx::Error> {
    let id = new_id("pay");
    sqlx::query(
        "INSERT INTO payments (id, resident_id, permit_type, description, quantity, amount_pence, status, charge_ref, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'paid', $7, $8)",
    )
    .bind(&id)
    .bind(new.resident_id)
    .bind(new.permit_type)
    .bind(new.description)
    .bind(new.quantity)
    .bind(new.amount_pence)
    .bind(new.charge_ref)
    .bind(secs(now))
    .execute(&mut *conn)
    .await?;
    get(conn, new.resident_id, &id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// The resident's payment, or none: another resident's id finds nothing.
pub async fn get(
    conn: &mut Conn,
    resident_id: &str,
    id: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    super::owned(conn, SELECT, resident_id, id).await
}

/// Newest first.
pub async fn list(conn: &mut Conn, resident_id: &str) -> Result<Vec<PaymentRow>, sqlx::Error> {
    super::all_of(conn, SELECT, resident_id, "seq DESC").await
}

pub async fn record_refund(
    conn: &mut Conn,
    id: &str,
    refunded_pence: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payments SET refunded_pence = refunded_pence + $1, \
         status = CASE WHEN refunded_pence + $1 >= amount_pence THEN 'refunded' ELSE status END WHERE id = $2",
    )
    .bind(refunded_pence)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Any resident's payment, for the council's review (operator).
pub async fn owner(conn: &mut Conn, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT resident_id FROM payments WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// A page of the resident's payments, newest first.
pub async fn page(
    conn: &mut Conn,
    resident_id: &str,
    page: (usize, usize),
) -> Result<Vec<PaymentRow>, sqlx::Error> {
    super::page_of(conn, SELECT, resident_id, "seq DESC", page).await
}
