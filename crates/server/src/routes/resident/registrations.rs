//! Registration per council (REG-1, REG-3, REG-5); the status shown includes REG-4.

use crate::auth;
use crate::db::{registrations, residents};
use crate::error::ApiError;
use crate::extract::Path;
use crate::extract::{ClientIp, Json};
use crate::gazetteer::Gazetteer;
use crate::limits::{COUNCIL_TAX_PER_IP, COUNCIL_TAX_PER_PROPERTY};
use crate::state::AppState;
use crate::views::registration_view;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, Registration, RegistrationRequest};
use permit_rules::{
    CouncilTaxAccount, Email, MobileNumber, RegistrationForm, RegistrationRefusal,
    first_registration_state,
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(register))
}

#[utoipa::path(post, path = "/councils/{council}/registrations", tag = "accounts",
    params(("council" = String, Path, description = "Council id, e.g. `hampshire`")),
    request_body = RegistrationRequest,
    description = "Creates the account and its registration, then sends a login PIN (REG-2). REG-1: where the council asks for it the council tax account number must be the property's; it is returned masked; 5 wrong numbers for a property, or 20 from one client IP, in 24 hours are refused further tries (429 + Retry-After). REG-3: proof of address is uploaded next and the registration waits for review. REG-5: the property and the resident's details create the account.",
    responses((status = 201, body = Registration), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(%council))]
pub(super) async fn register(
    State(state): State<AppState>,
    ip: ClientIp,
    Path(council): Path<String>,
    Json(request): Json<RegistrationRequest>,
) -> Result<(StatusCode, Json<Registration>), ApiError> {
    let scheme = state.scheme(&council)?;
    let property = state
        .gazetteer
        .get(&request.property_id)
        .filter(|p| p.council == scheme.id)
        .ok_or_else(|| ApiError::refusal(RegistrationRefusal::PropertyNotFound))?;
    let form = RegistrationForm {
        property_id: &property.id,
        full_name: &request.full_name,
        email: request.email.as_deref().unwrap_or_default(),
        mobile: request.mobile.as_deref().unwrap_or_default(),
        council_tax_account: request.council_tax_account.as_deref().unwrap_or_default(),
    };
    let new = form
        .parse(&scheme)
        .map_err(|refused| ApiError::refusal(refused.first))?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    // REG-1: verified against the property, and from here on only ever held masked. Wrong
    // numbers are limited per property and per IP, so they cannot be found by trying.
    if let Some(account) = &new.council_tax_account {
        COUNCIL_TAX_PER_PROPERTY
            .check(&mut tx, &property.id, now)
            .await?;
        COUNCIL_TAX_PER_IP
            .check(&mut tx, &ip.subject(), now)
            .await?;
        if !Gazetteer::account_matches(property, account) {
            COUNCIL_TAX_PER_PROPERTY
                .record(&mut tx, &property.id, now)
                .await?;
            COUNCIL_TAX_PER_IP
                .record(&mut tx, &ip.subject(), now)
                .await?;
            tx.commit().await?;
            return Err(ApiError::refusal(
                RegistrationRefusal::CouncilTaxAccountMismatch,
            ));
        }
    }
    let email = new.email.as_ref().map(Email::as_str);
    let mobile = new.mobile.as_ref().map(MobileNumber::as_str);
    for contact in [email, mobile].into_iter().flatten() {
        if residents::find_by_contact(&mut tx, scheme.id.as_str(), contact)
            .await?
            .is_some()
        {
            return Err(already_registered());
        }
    }
    let resident = residents::NewResident {
        council: scheme.id.as_str(),
        full_name: &new.full_name,
        email,
        mobile,
    };
    let resident_id = residents::insert(&mut tx, &resident, now)
        .await
        .map_err(unique_as_conflict)?;
    let masked = new
        .council_tax_account
        .as_ref()
        .map(CouncilTaxAccount::masked);
    registrations::insert(
        &mut tx,
        &resident_id,
        &property.id,
        masked.as_deref(),
        first_registration_state(&scheme).into(),
        now,
    )
    .await?;
    let resident = residents::get(&mut tx, &resident_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    auth::issue_pin(&state, &mut tx, &resident, None).await?;
    let view = registration_view(&state, &mut tx, &scheme, &resident_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(view)))
}

fn already_registered() -> ApiError {
    ApiError::Conflict {
        code: "already_registered",
        message: "You already have an account with this council: log in with a PIN instead.".into(),
    }
}

/// Two registrations racing for the same contact: the unique index decides, the loser is told.
fn unique_as_conflict(error: sqlx::Error) -> ApiError {
    match error.as_database_error() {
        Some(db) if db.is_unique_violation() => already_registered(),
        _ => error.into(),
    }
}
