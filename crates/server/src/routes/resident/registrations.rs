//! Registration per council (REG-1, REG-3, REG-5); the status shown includes REG-4.

use crate::auth;
use crate::db::Conn;
use crate::db::{registrations, residents};
use crate::error::ApiError;
use crate::extract::Path;
use crate::extract::{ClientIp, Json};
use crate::gazetteer::Gazetteer;
use crate::limits::{
    COUNCIL_TAX_PER_IP, COUNCIL_TAX_PER_PROPERTY, EVERYONE, PIN_REQUESTS_OVERALL,
    PIN_REQUESTS_PER_CONTACT, PIN_REQUESTS_PER_IP,
};
use crate::state::AppState;
use crate::views::registration_view;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use permit_api_types::{ErrorBody, Registration, RegistrationRequest};
use permit_rules::{
    CouncilTaxAccount, Email, MobileNumber, RegistrationForm, RegistrationRefusal, Scheme,
    first_registration_state,
};
use sqlx::Connection;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(register))
}

#[utoipa::path(post, path = "/councils/{council}/registrations", tag = "accounts",
    params(("council" = String, Path, description = "Council id, e.g. `hampshire`")),
    request_body = RegistrationRequest,
    description = "Creates the account and its registration, then sends a login PIN (REG-2). An email or mobile that already has an account gets the same answer, nothing is created and its owner is sent a login PIN instead (within the PIN request limits), so the answer never says who is registered. REG-1: where the council asks for it the council tax account number must be the property's; it is returned masked; 5 wrong numbers for a property, or 20 from one client IP, in 24 hours are refused further tries (429 + Retry-After). REG-3: proof of address is uploaded next and the registration waits for review. REG-5: the property and the resident's details create the account.",
    responses((status = 201, body = Registration), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
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
    let masked = new
        .council_tax_account
        .as_ref()
        .map(CouncilTaxAccount::masked);
    let mut owner = None;
    for contact in [email, mobile].into_iter().flatten() {
        if let Some(found) =
            residents::find_by_contact(&mut tx, scheme.id.as_str(), contact).await?
        {
            owner = Some((found, contact));
            break;
        }
    }
    let mut resident = residents::NewResident {
        council: scheme.id.as_str(),
        full_name: &new.full_name,
        email,
        mobile,
    };
    let Some((owner, contact)) = owner else {
        let (resident_id, view) = create(
            &state,
            &mut tx,
            &scheme,
            &resident,
            &property.id,
            masked.as_deref(),
        )
        .await?;
        let resident = residents::get(&mut tx, &resident_id)
            .await?
            .ok_or(ApiError::NotFound)?;
        auth::issue_pin(&state, &mut tx, &resident, None).await?;
        tx.commit().await?;
        return Ok((StatusCode::CREATED, Json(view)));
    };
    // Registering again must not tell anyone the contact has an account: the answer is the
    // one a new registration would get (built in a savepoint that is rolled back, without the
    // taken contacts, so nothing is kept), and the owner is sent a login PIN instead.
    resident.email = None;
    resident.mobile = None;
    let mut scratch = (*tx).begin().await?;
    let (_, view) = create(
        &state,
        &mut scratch,
        &scheme,
        &resident,
        &property.id,
        masked.as_deref(),
    )
    .await?;
    scratch.rollback().await?;
    if pin_requests_allowed(&mut tx, &ip, &scheme.id.to_string(), contact, now).await? {
        auth::issue_pin(&state, &mut tx, &owner, Some(contact)).await?;
    }
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Creates the account and its first registration; returns the account id and the view.
async fn create(
    state: &AppState,
    conn: &mut Conn,
    scheme: &Scheme,
    resident: &residents::NewResident<'_>,
    property_id: &str,
    masked: Option<&str>,
) -> Result<(String, Registration), ApiError> {
    let resident_id = residents::insert(conn, resident, state.now())
        .await
        .map_err(unique_as_conflict)?;
    registrations::insert(
        conn,
        &resident_id,
        property_id,
        masked,
        first_registration_state(scheme).into(),
        state.now(),
    )
    .await?;
    let view = registration_view(state, conn, scheme, &resident_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((resident_id, view))
}

/// The PIN request limits hold for PINs a repeated registration sends too; over a limit the
/// PIN is quietly not sent, since a 429 here (and not for a new contact) would give it away.
async fn pin_requests_allowed(
    conn: &mut Conn,
    ip: &ClientIp,
    council: &str,
    contact: &str,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let takes = [
        (&PIN_REQUESTS_PER_CONTACT, format!("{council}:{contact}")),
        (&PIN_REQUESTS_PER_IP, ip.subject()),
        (&PIN_REQUESTS_OVERALL, EVERYONE.to_owned()),
    ];
    for (limit, subject) in takes {
        match limit.take(conn, &subject, now).await {
            Ok(()) => {}
            Err(ApiError::Limited { .. }) => return Ok(false),
            Err(other) => return Err(other),
        }
    }
    Ok(true)
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
