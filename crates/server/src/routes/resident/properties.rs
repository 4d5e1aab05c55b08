//! Property search by postcode and house number/name (REG-1, REG-5).

use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Query;
use crate::state::AppState;
use crate::views::property_view;
use axum::extract::State;
use permit_api_types::{ErrorBody, Property, PropertySearch};
use permit_rules::Postcode;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search))
}

#[utoipa::path(get, path = "/properties", tag = "accounts", params(PropertySearch),
    description = "REG-1/REG-5: the properties at a postcode whose house number or name starts with `house`.",
    responses((status = 200, body = Vec<Property>), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all)]
pub(super) async fn search(
    State(state): State<AppState>,
    Query(query): Query<PropertySearch>,
) -> Result<Json<Vec<Property>>, ApiError> {
    let postcode = Postcode::parse(&query.postcode).map_err(|e| ApiError::parse("postcode", &e))?;
    let found = state.gazetteer.search(&postcode, &query.house);
    Ok(Json(found.iter().map(property_view).collect()))
}
