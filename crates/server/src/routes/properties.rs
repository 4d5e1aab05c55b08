//! Property search by postcode and house number/name (REG-1, REG-5).

use crate::error::ApiError;
use crate::gazetteer;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use permit_api_types::{ErrorBody, Property, PropertySearch};
use permit_rules::Postcode;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/properties", get(search))
}

pub(crate) fn view(p: &gazetteer::Property) -> Property {
    Property {
        id: p.id.clone(),
        council: p.council.as_str().to_owned(),
        postcode: p.postcode.as_str().to_owned(),
        house: p.house.clone(),
        address: p.address.clone(),
        zone: p.zone.clone(),
    }
}

#[utoipa::path(get, path = "/properties", tag = "accounts", params(PropertySearch),
    description = "REG-1/REG-5: the properties at a postcode whose house number or name starts with `house`.",
    responses((status = 200, body = Vec<Property>), (status = 422, body = ErrorBody)))]
pub(super) async fn search(
    State(state): State<AppState>,
    Query(query): Query<PropertySearch>,
) -> Result<Json<Vec<Property>>, ApiError> {
    let postcode = Postcode::parse(&query.postcode).map_err(|e| ApiError::parse("postcode", &e))?;
    let found = state.gazetteer.search(&postcode, &query.house);
    Ok(Json(found.into_iter().map(view).collect()))
}
