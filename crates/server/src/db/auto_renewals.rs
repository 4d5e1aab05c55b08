//! Automatic renewals (RP-6): one per permit period, recorded before the provider is charged,
//! so a retry uses the same idempotency key and the permit renews exactly once.

use super::{Conn, new_id, secs};
use chrono::{DateTime, Utc};
use sqlx::FromRow;

/// Where an automatic renewal stands; stored as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoRenewalState {
    /// Recorded; the agreement is being charged (retried until the provider answers).
    Charging,
    /// Paid: the next period was issued.
    Renewed,
    /// The charge failed or the agreement ended: the resident was sent a link to pay.
    Declined,
    /// No agreement to charge: the resident was sent a link to pay.
    LinkSent,
    /// The permit ended, or dropped its agreement, before it was charged: nothing charged or
    /// sent.
    Ended,
}

impl AutoRenewalState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Charging => "charging",
            Self::Renewed => "renewed",
            Self::Declined => "declined",
            Self::LinkSent => "link_sent",
            Self::Ended => "ended",
        }
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct AutoRenewalRow {
    pub id: String,
    pub permit_id: String,
    pub resident_id: String,
    pub council: String,
    pub agreement_id: Option<String>,
    /// The rules engine's `RenewalQuote`, as JSON: the period issued once paid.
    pub quote: String,
    pub amount_pence: i64,
    pub provider_payment_id: Option<String>,
    /// Charges sent so far: after the first, only the same key may be sent again.
    pub attempts: i64,
}

#[derive(Debug)]
pub struct NewAutoRenewal<'a> {
    pub permit_id: &'a str,
    pub resident_id: &'a str,
    pub council: &'a str,
    pub agreement_id: Option<&'a str>,
    pub quote: &'a str,
    pub amount_pence: i64,
    pub state: AutoRenewalState,
}

/// Records the permit's automatic renewal in the caller's transaction.
pub async fn insert(
    conn: &mut Conn,
    new: &NewAutoRenewal<'_>,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = new_id("ren");
    let settled = (new.state != AutoRenewalState::Charging).then(|| secs(now));
    sqlx::query(
        "INSERT INTO auto_renewals (id, permit_id, resident_id, council, agreement_id, quote, amount_pence, state, created_at, settled_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(new.permit_id)
    .bind(new.resident_id)
    .bind(new.council)
    .bind(new.agreement_id)
    .bind(new.quote)
    .bind(new.amount_pence)
    .bind(new.state.as_str())
    .bind(secs(now))
    .bind(settled)
    .execute(conn)
    .await?;
    Ok(id)
}

/// Renewals still being charged, oldest first, at most `limit`.
pub async fn charging(conn: &mut Conn, limit: i64) -> Result<Vec<AutoRenewalRow>, sqlx::Error> {
    const SELECT: &str = "SELECT id, permit_id, resident_id, council, agreement_id, quote, \
                          amount_pence, provider_payment_id, attempts FROM auto_renewals";
    super::oldest_in(conn, SELECT, AutoRenewalState::Charging.as_str(), limit).await
}

/// Records one charge attempt, and the provider's payment once it made one.
pub async fn record_attempt(
    conn: &mut Conn,
    id: &str,
    provider_payment_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE auto_renewals SET attempts = attempts + 1, \
         provider_payment_id = COALESCE(provider_payment_id, $1) WHERE id = $2",
    )
    .bind(provider_payment_id)
    .bind(id)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Ends a renewal still being charged; false if another run ended it first, so what goes with
/// it (the next period, the message) must not be written.
pub async fn settle(
    conn: &mut Conn,
    id: &str,
    state: AutoRenewalState,
    failure_code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE auto_renewals SET state = $1, failure_code = $2, settled_at = $3 \
         WHERE id = $4 AND state = $5",
    )
    .bind(state.as_str())
    .bind(failure_code)
    .bind(secs(now))
    .bind(id)
    .bind(AutoRenewalState::Charging.as_str())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
