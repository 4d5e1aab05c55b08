//! The gate in front of every operator endpoint: a loopback `Host`, then the operator token
//! (header `X-Operator-Token`), compared in constant time, with wrong tokens counted
//! (`limits::OPERATOR_WRONG_TOKENS`) so the token cannot be guessed by trying.

use crate::error::ApiError;
use crate::limits::{EVERYONE, OPERATOR_WRONG_TOKENS};
use crate::operator_access::{HEADER, is_loopback_host};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::HOST;
use axum::middleware::Next;
use axum::response::Response;

pub(super) async fn guard(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let operator = state.operator.clone().ok_or(ApiError::NoSuchEndpoint)?;
    // A page on another site can make a browser call 127.0.0.1 under its own name (DNS
    // rebinding): the Host it sends is then not loopback.
    let host = request.headers().get(HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(is_loopback_host) {
        return Err(ApiError::rejected(
            StatusCode::FORBIDDEN,
            "operator_host_refused",
            "Operator endpoints answer only requests addressed to localhost.",
            Some("host".to_owned()),
        ));
    }
    let now = state.now();
    let given = request.headers().get(HEADER).map(|v| v.as_bytes());
    {
        let mut conn = state.db.write_conn().await?;
        OPERATOR_WRONG_TOKENS
            .check(&mut conn, EVERYONE, now)
            .await?;
    }
    if !given.is_some_and(|given| operator.accepts(given)) {
        let mut tx = state.db.write_tx().await?;
        OPERATOR_WRONG_TOKENS.record(&mut tx, EVERYONE, now).await?;
        tx.commit().await?;
        return Err(ApiError::BadCredentials {
            code: "operator_token_wrong",
            message: "Operator endpoints need the operator token the server printed at start, in the X-Operator-Token header.",
        });
    }
    Ok(next.run(request).await)
}
