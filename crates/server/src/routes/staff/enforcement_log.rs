//! The enforcement-check log for officers: every check of one VRM at their council over a
//! time range, with what it answered, to settle a disputed ticket.

use crate::auth::CurrentStaff;
use crate::db::enforcement_log;
use crate::domain::StaffTask;
use crate::error::ApiError;
use crate::extract::{Json, Query};
use crate::routes::common;
use crate::state::AppState;
use axum::extract::State;
use chrono::{DateTime, Utc};
use permit_api_types::{EnforcementCheckEntry, ErrorBody};
use permit_rules::Vrm;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(checks))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Checks {
    /// The vehicle registration, as on the ticket.
    vrm: String,
    /// Checks made at or after this instant (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Checks made before this instant (RFC 3339).
    to: Option<DateTime<Utc>>,
}

#[utoipa::path(get, path = "/officer/enforcement-checks", tag = "officer", security(("bearer" = [])),
    params(Checks, common::Page),
    description = "Enforcement checks of one VRM at the officer's council, made in [from, to), newest first, with what each answered; a page of at most 100 at a time.",
    responses((status = 200, body = Vec<EnforcementCheckEntry>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "a malformed VRM, or `to` before `from`")))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn checks(
    State(state): State<AppState>,
    me: CurrentStaff,
    Query(query): Query<Checks>,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<EnforcementCheckEntry>>, ApiError> {
    let (limit, offset) = page.bounds()?;
    let me = me.may(StaffTask::ReadEnforcementLog)?;
    let vrm = Vrm::parse(&query.vrm).map_err(|e| ApiError::parse("vrm", &e))?;
    common::range_in_order(query.from, query.to)?;
    let mut conn = state.db.pool().acquire().await?;
    Ok(Json(
        enforcement_log::page(
            &mut conn,
            &me.council,
            vrm.as_str(),
            query.from,
            query.to,
            limit,
            offset,
        )
        .await?,
    ))
}
