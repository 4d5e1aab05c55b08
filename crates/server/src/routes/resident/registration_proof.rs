//! REG-3: proof of address for a registration the council reviews; after a rejection or an
//! expiry, new proof starts a new application.

use crate::auth::CurrentResident;
use crate::db::{Conn, proofs, registrations, residents};
use crate::domain::RegistrationState;
use crate::error::ApiError;
use crate::extract::Json;
use crate::routes::common::Document;
use crate::state::AppState;
use crate::upload::Upload;
use crate::views::registration_view;
use axum::extract::State;
use permit_api_types::{ErrorBody, Registration};
use permit_rules::scheme::RegistrationMethod;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(crate::routes::common::upload_route(routes!(upload_proof)))
}

#[utoipa::path(put, path = "/me/registration/proof", tag = "accounts", security(("bearer" = [])),
    request_body(content((Document = "application/pdf"), (Document = "image/jpeg"), (Document = "image/png")), description = "The document: PDF, JPEG or PNG, at most 5 MiB."),
    description = "REG-3: proof of address for the review. After a rejection or expiry, uploading starts a new application.",
    responses((status = 200, body = Registration), (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, bytes = upload.bytes.len()))]
pub(super) async fn upload_proof(
    State(state): State<AppState>,
    me: CurrentResident,
    upload: Upload,
) -> Result<Json<Registration>, ApiError> {
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, &me.id).await?;
    let resident = residents::get(&mut tx, &me.id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    if scheme.registration.method != RegistrationMethod::ProofOfAddress {
        return Err(ApiError::Conflict {
            code: "proof_not_needed",
            message: "This council does not ask for proof of address.".into(),
        });
    }
    let latest = registrations::latest(&mut tx, &me.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let status = crate::commerce::standing(&state, &mut tx, &scheme, &me.id)
        .await?
        .registration;
    let registration_id = match latest.state {
        RegistrationState::AwaitingProof | RegistrationState::Pending => latest.id.clone(),
        // REG-3: a rejected or expired registration is applied for again, with new proof.
        RegistrationState::Rejected => new_application(&state, &mut tx, &latest).await?,
        _ if matches!(status, permit_rules::RegistrationStatus::Expired { .. }) => {
            new_application(&state, &mut tx, &latest).await?
        }
        _ => {
            return Err(ApiError::Conflict {
                code: "registration_active",
                message: status.explain(),
            });
        }
    };
    let proof = proofs::NewProof {
        resident_id: &me.id,
        purpose: "registration",
        subject_id: &registration_id,
        content_type: upload.content_type,
        body: &upload.bytes,
    };
    crate::upload::store(&mut tx, &proof, state.now()).await?;
    registrations::set_state(
        &mut tx,
        &registration_id,
        RegistrationState::Pending,
        None,
        None,
    )
    .await?;
    let view = registration_view(&state, &mut tx, &scheme, &me.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok(Json(view))
}

async fn new_application(
    state: &AppState,
    conn: &mut Conn,
    previous: &registrations::RegistrationRow,
) -> Result<String, ApiError> {
    let id = registrations::insert(
        conn,
        &previous.resident_id,
        &previous.property_id,
        previous.council_tax_masked.as_deref(),
        RegistrationState::AwaitingProof,
        state.now(),
    )
    .await?;
    Ok(id)
}
