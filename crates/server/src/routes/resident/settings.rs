//! The account's settings: expiry warnings for unused visitor permits (VP-3, issue 18).

use crate::auth::CurrentResident;
use crate::db::expiry_warnings;
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use permit_api_types::{AccountSettings, ErrorBody};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(settings, set_settings))
}

async fn read(conn: &mut crate::db::Conn, id: &str) -> Result<AccountSettings, ApiError> {
    let expiry_warnings = expiry_warnings::wanted(conn, id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok(AccountSettings { expiry_warnings })
}

#[utoipa::path(get, path = "/me/settings", tag = "accounts", security(("bearer" = [])),
    description = "VP-3 (issue 18): whether the account is warned 30 days before unused visitor permits expire.",
    responses((status = 200, body = AccountSettings), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn settings(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<Json<AccountSettings>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(read(&mut conn, &me.id).await?))
}

#[utoipa::path(put, path = "/me/settings", tag = "accounts", security(("bearer" = [])),
    request_body = AccountSettings,
    description = "VP-3 (issue 18): turns expiry warnings on or off. While off none is sent; a warning still due when they are turned back on is sent by the next run of the job.",
    responses((status = 200, body = AccountSettings), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn set_settings(
    State(state): State<AppState>,
    me: CurrentResident,
    Json(body): Json<AccountSettings>,
) -> Result<Json<AccountSettings>, ApiError> {
    let mut tx = state.db.write_tx().await?;
    expiry_warnings::set_wanted(&mut tx, &me.id, body.expiry_warnings).await?;
    let settings = read(&mut tx, &me.id).await?;
    tx.commit().await?;
    Ok(Json(settings))
}
