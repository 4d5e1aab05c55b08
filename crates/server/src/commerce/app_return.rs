//! Where the provider sends a payer who paid from the Tauri app (issue 16). The app opens the
//! payment page in the system browser, where the resident has no session, and follows the order
//! itself; so that payer comes back to a page named by a random token made for the order (only
//! its hash is stored), which needs no session and tells only whether the payment went
//! through. Anyone who sees the address learns that and nothing else: not what was bought, for
//! whom, or for how much.

use super::order::{return_path, settle_on_request};
use crate::auth::{random_token, sha256_hex};
use crate::db::{Conn, orders};
use crate::domain::OrderState;
use crate::error::ApiError;
use crate::limits::UNKNOWN_RETURN_TOKENS_PER_IP;
use crate::state::AppState;
use permit_api_types::PaymentReturn;

/// Where the no-session return pages are served; the token follows.
pub const APP_RETURN_PREFIX: &str = "/payment-return/";

/// The address the provider sends the payer back to for `row`: the web UI's page for it, or
/// for an order paid from the app a new token's page (stored on the order first, so the page
/// works as soon as the provider has the address).
pub(super) async fn return_url(
    state: &AppState,
    conn: &mut Conn,
    row: &orders::OrderRow,
    return_to: PaymentReturn,
) -> Result<String, ApiError> {
    let path = match return_to {
        PaymentReturn::Web => return_path(row),
        PaymentReturn::App => {
            let token = random_token();
            orders::set_return_token(conn, &row.id, &sha256_hex(&token)).await?;
            format!("{APP_RETURN_PREFIX}{token}")
        }
    };
    Ok(format!("{}{path}", state.public_url))
}

/// What the return page may say about an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicOutcome {
    Paid,
    /// Paid, but what it was for could no longer be issued: the money goes back.
    Refunded,
    /// Declined, cancelled, failed or expired: nothing was taken.
    NotTaken,
    /// The provider has not said yet.
    Waiting,
}

/// The outcome of the order whose return page `token` names, settled first (read from the
/// provider, never the browser) while it awaits payment; none for a token no order has. Each
/// unknown token counts against the caller's IP, so tokens cannot be tried in bulk.
#[tracing::instrument(skip_all)]
pub async fn outcome(
    state: &AppState,
    ip: &str,
    token: &str,
) -> Result<Option<PublicOutcome>, ApiError> {
    let now = state.now();
    let mut conn = state.db.write_conn().await?;
    UNKNOWN_RETURN_TOKENS_PER_IP
        .check(&mut conn, ip, now)
        .await?;
    // Only a token's shape is looked up; the hash spares the index any chosen text.
    let shaped = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
    let found = if shaped {
        orders::by_return_token(&mut conn, &sha256_hex(token)).await?
    } else {
        None
    };
    let Some(row) = found else {
        UNKNOWN_RETURN_TOKENS_PER_IP
            .record(&mut conn, ip, now)
            .await?;
        return Ok(None);
    };
    drop(conn);
    let row = match row.state {
        OrderState::AwaitingPayment => settle_on_request(state, row).await?,
        _ => row,
    };
    Ok(Some(match row.state {
        OrderState::Paid => PublicOutcome::Paid,
        OrderState::Refunded => PublicOutcome::Refunded,
        OrderState::AwaitingPayment | OrderState::Ready => PublicOutcome::Waiting,
        OrderState::Declined | OrderState::Cancelled | OrderState::Failed | OrderState::Expired => {
            PublicOutcome::NotTaken
        }
    }))
}
