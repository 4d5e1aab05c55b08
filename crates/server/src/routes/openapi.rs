//! `/openapi.json`, generated from the handlers' annotations.

use crate::state::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Resident parking permits API",
        version = "0.1.0",
        description = "Accounts, PIN login, purchases, visitor stays and resident permits. Errors are `ErrorBody` JSON with a stable `code`."
    ),
    paths(
        super::health::health,
        super::health::live,
        super::test_clock::read_clock,
        super::test_clock::change_clock,
        super::properties::search,
        super::registrations::register,
        super::registration_proof::upload_proof,
        super::auth::request_pin,
        super::auth::log_in,
        super::auth::log_out,
        super::auth::log_out_everywhere,
        super::me::me,
        super::operator::list_outbox,
        super::operator::decide,
        super::operator::decide_purchase,
        super::operator_requests::operator_decide_request,
        super::catalogue::catalogue,
        super::purchases::purchase,
        super::purchases::list_payments,
        super::purchases::get_payment,
        super::purchases::visitor_permits,
        super::permits::list,
        super::permits::get_one,
        super::permit_actions::renew,
        super::permit_actions::auto_renew,
        super::permit_changes::change_vehicle,
        super::permit_actions::cancel,
        super::permit_changes::change_of_address,
        super::stays::book,
        super::stays::list,
        super::stays::get_one,
        super::stays::cancel,
        super::operator_staff::add_staff,
        super::staff_auth::request_pin,
        super::staff_auth::log_in,
        super::staff_auth::log_out,
        super::officer::review_queue,
        super::officer::proof,
        super::officer::audit_log,
        super::officer_decisions::registration,
        super::officer_decisions::purchase,
        super::officer_decisions::request,
        super::sms::inbound,
        super::enforcement::check,
        super::agent::verify,
        super::agent::book,
        super::agent::list,
        super::agent::cancel,
    ),
    components(schemas(permit_api_types::ErrorBody)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}

/// Declares the `bearer` scheme the handlers' `security(("bearer" = []))` refer to.
#[derive(Debug)]
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
