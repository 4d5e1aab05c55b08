//! `/openapi.json`, generated from the handlers' annotations.

use crate::state::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Resident parking permits API",
        version = "0.1.0",
        description = "Accounts, PIN login, purchases, visitor stays and resident permits. Errors are `ErrorBody` JSON with a stable `code`."
    ),
    paths(
        super::health::health,
        super::test_clock::read_clock,
        super::test_clock::change_clock,
    ),
    components(schemas(permit_api_types::ErrorBody))
)]
pub struct ApiDoc;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
