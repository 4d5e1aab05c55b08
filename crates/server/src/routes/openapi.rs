//! The OpenAPI document's frame (title, security scheme, shared schemas). Its paths come
//! from the routes themselves (`utoipa-axum`), so it lists exactly what is mounted.

use crate::extract::Json;
use crate::state::AppState;
use axum::Router;
use axum::routing::get;
use permit_api_types::API_PREFIX;
use std::sync::Arc;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Resident parking permits API",
        version = "0.1.0",
        description = "Accounts, PIN login, purchases, visitor stays and resident permits. Errors are `ErrorBody` JSON with a stable `code`."
    ),
    components(schemas(permit_api_types::ErrorBody, super::common::DecisionKind)),
    modifiers(&BearerAuth)
)]
pub(super) struct ApiDoc;

/// `/openapi.json`, at the root and under the API prefix.
pub(super) fn router(doc: utoipa::openapi::OpenApi) -> Router<AppState> {
    let doc = Arc::new(doc);
    let serve = get(move || {
        let doc = Arc::clone(&doc);
        async move { Json(doc.as_ref().clone()) }
    });
    Router::new()
        .route("/openapi.json", serve.clone())
        .route(&format!("{API_PREFIX}/openapi.json"), serve)
}

/// Declares the `bearer` scheme the handlers' `security(("bearer" = []))` refer to, and the
/// test-mode `operator_token` header of the operator endpoints.
#[derive(Debug)]
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "operator_token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new(
                permit_api_types::OPERATOR_TOKEN_HEADER,
            ))),
        );
    }
}
