//! Resident lookup for officers, within their own council: find an account by name, email,
//! postcode or VRM, then read its registration, permits, stays and payments (with refunds).
//! The resident's audit trail is `/officer/audit?resident=`. Another council's resident is a
//! 404.

use crate::auth::CurrentStaff;
use crate::db::{Conn, payments, permits, resident_search, residents, stays};
use crate::domain::StaffTask;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::routes::common;
use crate::state::AppState;
use crate::views::{permit_view, registration_view, stay_view};
use axum::extract::State;
use permit_api_types::{ErrorBody, Payment, ResidentMatch, ResidentRecord, Stay};
use permit_rules::{Postcode, Vrm};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(record))
        .routes(routes!(resident_stays))
        .routes(routes!(resident_payments))
}

/// The longest search taken: longer than any name, email or address we hold.
const MAX_SEARCH: usize = 100;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Search {
    /// A name or part of one, an email or part of one, a postcode or a VRM; case and spaces
    /// do not matter.
    q: String,
}

#[utoipa::path(get, path = "/officer/residents", tag = "officer", security(("bearer" = [])),
    params(Search, common::Page),
    description = "Residents of the officer's council whose name or email contains the search, who are registered at its postcode, or whose permits or stays carry its VRM; by name, a page of at most 100 at a time.",
    responses((status = 200, body = Vec<ResidentMatch>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "invalid_search: empty or over 100 characters")))]
#[tracing::instrument(skip_all, fields(staff = %me.id))]
pub(super) async fn search(
    State(state): State<AppState>,
    me: CurrentStaff,
    Query(search): Query<Search>,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<ResidentMatch>>, ApiError> {
    let (limit, offset) = page.bounds()?;
    let me = me.may(StaffTask::LookUpResidents)?;
    let raw = search.q.trim();
    let text: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if text.is_empty() || raw.chars().count() > MAX_SEARCH {
        return Err(ApiError::invalid(
            "invalid_search",
            "q",
            "Enter a name, email address, postcode or vehicle registration, up to 100 characters.",
        ));
    }
    let council = state.scheme(&me.council)?.id.clone();
    let property_ids = Postcode::parse(raw).map_or_else(
        |_| Vec::new(),
        |postcode| {
            state
                .gazetteer
                .search(&postcode, "")
                .into_iter()
                .filter(|p| p.council == council)
                .map(|p| p.id)
                .collect()
        },
    );
    let vrm = Vrm::parse(raw).ok();
    let query = resident_search::Search {
        text: &text,
        vrm: vrm.as_ref().map(Vrm::as_str),
        property_ids,
    };
    let mut conn = state.db.pool().acquire().await?;
    let found = resident_search::page(&mut conn, &me.council, &query, limit, offset).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|f| ResidentMatch {
                address: f
                    .property_id
                    .as_deref()
                    .and_then(|id| state.gazetteer.get(id))
                    .map(|p| format!("{}, {}", p.address.join(", "), p.postcode.as_str())),
                id: f.id,
                full_name: f.full_name,
                email: f.email,
                mobile: f.mobile,
            })
            .collect(),
    ))
}

/// The resident, if they are at this officer's council.
async fn at_council(
    conn: &mut Conn,
    me: &CurrentStaff,
    id: &str,
) -> Result<residents::ResidentRow, ApiError> {
    residents::get(conn, id)
        .await?
        .filter(|r| r.council == me.council)
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(get, path = "/officer/residents/{id}", tag = "officer", security(("bearer" = [])),
    params(("id" = String, Path)),
    description = "A resident of the officer's council: contact details, latest registration (REG-3) and vehicle permits, newest first (at most 100).",
    responses((status = 200, body = ResidentRecord), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, resident = %id))]
pub(super) async fn record(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(id): Path<String>,
) -> Result<Json<ResidentRecord>, ApiError> {
    let me = me.may(StaffTask::LookUpResidents)?;
    let mut conn = state.db.pool().acquire().await?;
    let resident = at_council(&mut conn, &me, &id).await?;
    let scheme = state.scheme(&me.council)?;
    let registration = registration_view(&state, &mut conn, &scheme, &id).await?;
    let permits = permits::newest(&mut conn, &id, common::MAX_PAGE as usize).await?;
    Ok(Json(ResidentRecord {
        id: resident.id,
        full_name: resident.full_name,
        email: resident.email,
        mobile: resident.mobile,
        registration,
        permits: permits
            .iter()
            .map(|r| permit_view(&state, &scheme, r))
            .collect(),
    }))
}

#[utoipa::path(get, path = "/officer/residents/{id}/stays", tag = "officer", security(("bearer" = [])),
    params(("id" = String, Path), common::Page),
    description = "A resident's visitor stays, cancelled ones too, latest start first; a page of at most 100 at a time.",
    responses((status = 200, body = Vec<Stay>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, resident = %id))]
pub(super) async fn resident_stays(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(id): Path<String>,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<Stay>>, ApiError> {
    let page = page.bounds()?;
    let me = me.may(StaffTask::LookUpResidents)?;
    let mut conn = state.db.pool().acquire().await?;
    at_council(&mut conn, &me, &id).await?;
    let scheme = state.scheme(&me.council)?;
    let now = state.now();
    let rows = stays::page(&mut conn, &id, page).await?;
    Ok(Json(
        rows.iter().map(|r| stay_view(&scheme, r, now)).collect(),
    ))
}

#[utoipa::path(get, path = "/officer/residents/{id}/payments", tag = "officer", security(("bearer" = [])),
    params(("id" = String, Path), common::Page),
    description = "A resident's payments with what was refunded of each (VP-6, RP-5, AVP-4), newest first; a page of at most 100 at a time.",
    responses((status = 200, body = Vec<Payment>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(staff = %me.id, resident = %id))]
pub(super) async fn resident_payments(
    State(state): State<AppState>,
    me: CurrentStaff,
    Path(id): Path<String>,
    Query(page): Query<common::Page>,
) -> Result<Json<Vec<Payment>>, ApiError> {
    let page = page.bounds()?;
    let me = me.may(StaffTask::LookUpResidents)?;
    let mut conn = state.db.pool().acquire().await?;
    at_council(&mut conn, &me, &id).await?;
    let rows = payments::page(&mut conn, &id, page).await?;
    Ok(Json(rows.iter().map(payments::PaymentRow::view).collect()))
}
