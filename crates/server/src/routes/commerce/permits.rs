//! Vehicle permits held: resident permits (RP-*) and annual visitor permits (AVP-*).

use crate::auth::CurrentResident;
use crate::db::{permits, residents};
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Path, Query};
use crate::routes::common;
use crate::state::AppState;
use crate::views::permit_view;
use axum::extract::State;
use permit_api_types::{ErrorBody, Permit};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get_one))
}

#[utoipa::path(get, path = "/permits", tag = "permits", security(("bearer" = [])), params(common::Page),
    description = "The resident's permits, oldest first, a page of at most 100 at a time.",
    responses((status = 200, body = Vec<Permit>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn list(
    State(state): State<AppState>,
    me: CurrentResident,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<Permit>>, ApiError> {
    page.bounds()?;
    let mut conn = state.db.pool().acquire().await?;
    let resident = residents::get(&mut conn, &me.id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    let rows = page.of(permits::list(&mut conn, &me.id).await?)?;
    Ok(Json(
        rows.iter()
            .map(|r| permit_view(&state, &scheme, r))
            .collect(),
    ))
}

#[utoipa::path(get, path = "/permits/{id}", tag = "permits", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Permit), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, permit = %id))]
pub(super) async fn get_one(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
) -> Result<Json<Permit>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let (scheme, row) = common::owned_permit(&state, &mut conn, &me.id, &id).await?;
    Ok(Json(permit_view(&state, &scheme, &row)))
}
