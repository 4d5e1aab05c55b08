//! A council admin manages their council's staff: list, add, set a role, disable. Disabling
//! ends the member's sessions at once. Another council's member is a 404; every change is
//! audited with the admin's name. The checks (and the last-admin rule) are in `crate::staff`.

use crate::auth::CurrentStaff;
use crate::db::{at, staff};
use crate::domain::StaffTask;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::routes::common;
use crate::staff::{Admin, add_colleague, disable, set_role};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, NewColleague, RoleChange, StaffMember};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, add))
        .routes(routes!(change_role))
        .routes(routes!(disable_member))
}

fn view(row: staff::StaffRow) -> StaffMember {
    StaffMember {
        id: row.id,
        email: row.email,
        full_name: row.full_name,
        role: row.role.to_string(),
        disabled_at: row.disabled_at.map(at),
    }
}

fn admin(me: &CurrentStaff) -> Admin<'_> {
    Admin {
        id: &me.id,
        council: &me.council,
    }
}

#[utoipa::path(get, path = "/admin/staff", tag = "admin", security(("bearer" = [])),
    params(common::Page),
    description = "The admin's council's staff, disabled members too, by name; a page of at most 100 at a time.",
    responses((status = 200, body = Vec<StaffMember>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn list(
    State(state): State<AppState>,
    me: CurrentStaff,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<StaffMember>>, ApiError> {
    let (limit, offset) = page.bounds()?;
    let me = me.may(StaffTask::ManageStaff)?;
    let mut conn = state.db.pool().acquire().await?;
    let rows = staff::of_council(&mut conn, &me.council, limit, offset).await?;
    Ok(Json(rows.into_iter().map(view).collect()))
}

#[utoipa::path(post, path = "/admin/staff", tag = "admin", security(("bearer" = [])),
    request_body = NewColleague,
    description = "Adds a member of staff (officer, agent or admin) at the admin's council; they log in with a code emailed to them. Audited.",
    responses((status = 201, body = StaffMember), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "staff_exists: someone already has that email address"),
        (status = 422, body = ErrorBody, description = "invalid_role, invalid_name or a malformed email")))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn add(
    State(state): State<AppState>,
    me: CurrentStaff,
    Json(new): Json<NewColleague>,
) -> Result<(StatusCode, Json<StaffMember>), ApiError> {
    let me = me.may(StaffTask::ManageStaff)?;
    let row = add_colleague(&state, &admin(&me), &new.email, &new.full_name, &new.role).await?;
    Ok((StatusCode::CREATED, Json(view(row))))
}

#[utoipa::path(put, path = "/admin/staff/{id}/role", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = RoleChange,
    description = "Sets a member's role (officer, agent or admin); it applies from their next request. Audited. The council's only enabled admin cannot stop being one (409 last_admin).",
    responses((status = 200, body = StaffMember), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, member = %id))]
pub(super) async fn change_role(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(id): Path<String>,
    Json(change): Json<RoleChange>,
) -> Result<Json<StaffMember>, ApiError> {
    let me = me.may(StaffTask::ManageStaff)?;
    let row = set_role(&state, &admin(&me), &id, &change.role).await?;
    Ok(Json(view(row)))
}

#[utoipa::path(post, path = "/admin/staff/{id}/disable", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path)),
    description = "Disables a member: their sessions end at once (their next request is a 401) and they cannot log in. Audited. The council's only enabled admin cannot be disabled (409 last_admin).",
    responses((status = 200, body = StaffMember), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, member = %id))]
pub(super) async fn disable_member(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Json<StaffMember>, ApiError> {
    let me = me.may(StaffTask::ManageStaff)?;
    let row = disable(&state, &admin(&me), &id).await?;
    Ok(Json(view(row)))
}
