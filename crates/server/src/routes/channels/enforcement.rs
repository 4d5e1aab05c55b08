//! The civil enforcement officer's question: may this vehicle park in this zone at this
//! instant, until when, and on what permit? Authenticated by an API key that belongs to one
//! council; every check is logged, answered or not.

use crate::auth::enforcement_keys::KeyOwner;
use crate::commerce::is_resident_permit;
use crate::db::{at, enforcement};
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Query;
use crate::state::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use permit_api_types::{API_KEY_HEADER, EnforcementAnswer, EnforcementQuery, ErrorBody};
use permit_rules::{ForeignPlate, Plate, Vrm};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(check))
}

/// The council whose key this is, and a label for the log that is not the key itself.
fn key_owner(state: &AppState, headers: &HeaderMap) -> Result<KeyOwner, ApiError> {
    let given = headers
        .get(API_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or(ApiError::Unauthorized)?;
    state
        .enforcement_keys
        .owner(given)
        .cloned()
        .ok_or(ApiError::Unauthorized)
}

#[utoipa::path(get, path = "/enforcement/check", tag = "enforcement", params(EnforcementQuery,
        ("X-Api-Key" = String, Header, description = "an enforcement key of the council")),
    description = "Whether a VRM may park in a zone of the key's council at an instant (now by default), covering resident permits, annual visitor permits and visitor stays. `until` is exclusive; `non_uk_plate` says the stay found was booked for a plate that is not a UK registration (a VRM that is not a UK format is looked up as such a plate: 2 to 10 letters and digits). Every check is logged.",
    responses((status = 200, body = EnforcementAnswer), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<EnforcementQuery>,
) -> Result<Json<EnforcementAnswer>, ApiError> {
    let owner = key_owner(&state, &headers)?;
    // A plate that is not a UK registration may still have a stay booked for it as such.
    let vrm = Vrm::parse(&query.vrm)
        .map(Plate::Uk)
        .or_else(|uk| {
            ForeignPlate::parse(&query.vrm)
                .map(Plate::NonUk)
                .map_err(|_| uk)
        })
        .map_err(|e| ApiError::parse("vrm", &e))?;
    let scheme = state.scheme(&owner.council)?;
    let zone = query.zone.trim().to_ascii_uppercase();
    if !state.gazetteer.has_zone(&scheme.id, &zone) {
        return Err(ApiError::invalid(
            "unknown_zone",
            "zone",
            "There is no such zone at this council.",
        ));
    }
    let now = state.now();
    let instant = query.at.unwrap_or(now);
    let found = enforcement::find(&state.db, &owner.council, &zone, vrm.as_str(), instant).await?;
    let permit_kind = found.as_ref().map(|p| match p.source.as_str() {
        "stay" => "visitor_stay",
        _ if is_resident_permit(&scheme, &p.permit_type) => "resident_permit",
        _ => "annual_visitor_permit",
    });
    let record = enforcement::CheckRecord {
        council: owner.council,
        key_label: owner.label,
        vrm: vrm.as_str().to_owned(),
        zone,
        checked_for: instant,
        permit_kind,
        checked_at: now,
    };
    state.writes.log(record).await?;
    Ok(Json(EnforcementAnswer {
        permitted: found.is_some(),
        until: found.as_ref().map(|p| at(p.until)),
        permit_kind: permit_kind.map(str::to_owned),
        non_uk_plate: found.as_ref().is_some_and(|p| p.non_uk_plate != 0),
        permit_type: found.map(|p| p.permit_type),
    }))
}
