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
    components(schemas(
        permit_api_types::ErrorBody,
        permit_api_types::QueueKind,
        super::common::DecisionKind
    )),
    modifiers(&BearerAuth)
)]
pub(super) struct ApiDoc;

/// `/openapi.json`, at the root and under the API prefix.
pub(super) fn router(mut doc: utoipa::openapi::OpenApi) -> Router<AppState> {
    // The routes' paths join the document after its modifiers ran: this one runs on the whole.
    LayerStatuses.modify(&mut doc);
    let doc = Arc::new(doc);
    let serve = get(move || {
        let doc = Arc::clone(&doc);
        async move { Json(doc.as_ref().clone()) }
    });
    Router::new()
        .route("/openapi.json", serve.clone())
        .route(&format!("{API_PREFIX}/openapi.json"), serve)
}

/// Declares the `bearer` scheme the handlers' `security(("bearer" = []))` refer to, the
/// residents' "keep me signed in" cookie and its CSRF header (issue 19, added to the resident
/// routes by `common::resident_sessions`), and the test-mode `operator_token` header of the
/// operator endpoints.
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
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                permit_api_types::SESSION_COOKIE,
                "A resident's \"keep me signed in on this device\" session (`POST /auth/cookie-session`), `HttpOnly; Secure; SameSite=Strict; Path=/`.",
            ))),
        );
        components.add_security_scheme(
            "csrf_token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                permit_api_types::CSRF_HEADER,
                "The cookie session's `csrf_token`, required with `session_cookie` on every write.",
            ))),
        );
        components.add_security_scheme(
            "operator_token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new(
                permit_api_types::OPERATOR_TOKEN_HEADER,
            ))),
        );
    }
}

/// The answers that come from in front of the handlers, declared on every operation they can
/// reach: 408 from the request timeout everywhere; 400, 413, 415 and 422 from reading a JSON
/// body; 400 from reading a query or path.
#[derive(Debug)]
struct LayerStatuses;

impl Modify for LayerStatuses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let mut add = vec![("408", "The request took too long to arrive or to answer.")];
                let json_body = operation
                    .request_body
                    .as_ref()
                    .is_some_and(|body| body.content.contains_key("application/json"));
                if json_body {
                    add.push(("400", "The body is not valid JSON."));
                    add.push(("413", "The body is larger than the route takes."));
                    add.push(("415", "The body is not sent as JSON."));
                    add.push(("422", "The body's fields are missing or of the wrong type."));
                }
                let reads_parameters = operation
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| matches!(p.parameter_in, ParameterIn::Query | ParameterIn::Path));
                if reads_parameters {
                    add.push(("400", "A query or path parameter could not be read."));
                }
                for (status, description) in add {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error_response(description).into());
                }
            }
        }
    }
}

pub(super) fn error_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}
