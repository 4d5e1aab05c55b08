//! Saved visitor vehicles (issue 18): the resident's list, save, rename, delete. Another
//! account's vehicle is not found (404), as a missing one.

use crate::auth::CurrentResident;
use crate::db::{residents, saved_vehicles};
use crate::error::ApiError;
use crate::extract::{Json, Path};
use crate::state::AppState;
use crate::vehicles::{Naming, save_plate};
use crate::views::vehicle_view;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, RenameVehicle, SaveVehicle, SavedVehicle};
use permit_rules::{Nickname, Plate};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, save))
        .routes(routes!(rename, delete))
}

fn nickname(raw: Option<&str>) -> Result<Option<Nickname>, ApiError> {
    Nickname::parse_optional(raw).map_err(|e| ApiError::parse("nickname", &e))
}

#[utoipa::path(get, path = "/me/vehicles", tag = "accounts", security(("bearer" = [])),
    description = "The account's saved visitor vehicles, most recently used first (at most 50).",
    responses((status = 200, body = Vec<SavedVehicle>), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn list(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<Json<Vec<SavedVehicle>>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let rows = saved_vehicles::list(&mut conn, &me.id).await?;
    Ok(Json(rows.iter().map(vehicle_view).collect()))
}

#[utoipa::path(post, path = "/me/vehicles", tag = "accounts", security(("bearer" = [])),
    request_body = SaveVehicle,
    description = "Saves a visitor's vehicle with an optional name of up to 40 characters. Saving a plate already saved gives it the new name. At most 50 per account.",
    responses((status = 201, body = SavedVehicle), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "a malformed plate (field vrm) or name (field nickname), or too_many_saved_vehicles")))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn save(
    State(state): State<AppState>,
    me: CurrentResident,
    Json(body): Json<SaveVehicle>,
) -> Result<(StatusCode, Json<SavedVehicle>), ApiError> {
    let plate =
        Plate::parse(&body.vrm, body.non_uk_plate).map_err(|e| ApiError::parse("vrm", &e))?;
    let nickname = nickname(body.nickname.as_deref())?;
    let mut tx = state.db.write_tx().await?;
    let naming = Naming::Given(nickname.as_ref());
    residents::lock(&state.db, &mut tx, &me.id).await?;
    let row = save_plate(&mut tx, &me.id, &plate, naming, state.now())
        .await?
        .ok_or_else(|| ApiError::Internal("a saved vehicle was not stored".into()))?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(vehicle_view(&row))))
}

#[utoipa::path(patch, path = "/me/vehicles/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = RenameVehicle,
    description = "Renames a saved vehicle; a blank or absent name removes it.",
    responses((status = 200, body = SavedVehicle), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "nickname_too_long or nickname_invalid_character (field nickname)")))]
#[tracing::instrument(skip_all, fields(resident = %me.id, vehicle = %id))]
pub(super) async fn rename(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
    Json(body): Json<RenameVehicle>,
) -> Result<Json<SavedVehicle>, ApiError> {
    let nickname = nickname(body.nickname.as_deref())?;
    let mut tx = state.db.write_tx().await?;
    let name = nickname.as_ref().map(Nickname::as_str);
    if !saved_vehicles::rename(&mut tx, &me.id, &id, name).await? {
        return Err(ApiError::NotFound);
    }
    let row = saved_vehicles::get(&mut tx, &me.id, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok(Json(vehicle_view(&row)))
}

#[utoipa::path(delete, path = "/me/vehicles/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = String, Path)),
    description = "Deletes a saved vehicle (its stays are kept).",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, vehicle = %id))]
pub(super) async fn delete(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.write_tx().await?;
    if !saved_vehicles::delete(&mut tx, &me.id, &id).await? {
        return Err(ApiError::NotFound);
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
