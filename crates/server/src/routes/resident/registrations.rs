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
        if !Gazetteer::account_matches(&property, account) {
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
    let contacts: Vec<&str> = [email, mobile].into_iter().flatten().collect();
    let mut resident = residents::NewResident {
        council: scheme.id.as_str(),
        full_name: &new.full_name,
        email,
        mobile,
    };
    let owner = match find_owner(&mut tx, scheme.id.as_str(), &contacts).await? {
        Some(owner) => owner,
        None => {
            // A savepoint: on PostgreSQL a unique violation ends the transaction, and losing
            // a race for a contact must not (the limits it counted stay, and the answer goes on).
            let mut attempt = (*tx).begin().await?;
            let created = create(
                &state,
                &mut attempt,
                &scheme,
                &resident,
                &property.id,
                masked.as_deref(),
            )
            .await?;
            if let Some((resident_id, view)) = created {
                attempt.commit().await?;
                let resident = residents::get(&mut tx, &resident_id)
                    .await?
                    .ok_or(ApiError::NotFound)?;
                auth::issue_pin(&state, &mut tx, &resident, None).await?;
                tx.commit().await?;
                return Ok((StatusCode::CREATED, Json(view)));
            }
            attempt.rollback().await?;
            // Another registration took a contact after our look and before our insert (the
            // unique index waited for it to commit): it is now the owner, answered as below,
            // never with an error that would say the contact is registered.
            find_owner(&mut tx, scheme.id.as_str(), &contacts)
                .await?
                .ok_or_else(|| ApiError::internal("a contact was taken but has no account"))?
        }
    };
    let (owner, contact) = owner;
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
    .await?
    .ok_or_else(|| ApiError::internal("an account without contacts clashed"))?;
    scratch.rollback().await?;
    if pin_requests_allowed(&mut tx, &ip, &scheme.id.to_string(), contact, now).await? {
        auth::issue_pin(&state, &mut tx, &owner, Some(contact)).await?;
    }
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// The account already holding one of `contacts` at `council`, and which contact it is.
async fn find_owner<'c>(
    conn: &mut Conn,
    council: &str,
    contacts: &[&'c str],
) -> Result<Option<(residents::ResidentRow, &'c str)>, ApiError> {
    for contact in contacts {
        if let Some(found) = residents::find_by_contact(conn, council, contact).await? {
            return Ok(Some((found, contact)));
        }
    }
    Ok(None)
}

/// Creates the account and its first registration; returns the account id and the view, or
/// `None` when one of the contacts is already another account's (the unique index decides,
/// so of two registrations racing for a contact exactly one gets it).
async fn create(
    state: &AppState,
    conn: &mut Conn,
    scheme: &Scheme,
    resident: &residents::NewResident<'_>,
    property_id: &str,
    masked: Option<&str>,
) -> Result<Option<(String, Registration)>, ApiError> {
    let resident_id = match residents::insert(conn, resident, state.now()).await {
        Ok(id) => id,
        Err(error) if is_unique_violation(&error) => return Ok(None),
        Err(error) => return Err(error.into()),
    };
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
    Ok(Some((resident_id, view)))
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

fn is_unique_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|db| db.is_unique_violation())
}
