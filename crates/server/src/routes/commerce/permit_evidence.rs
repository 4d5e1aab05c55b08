//! AVP-1: the evidence a Care or Over State Pension Age permit needs (listed in the council
//! file), uploaded once the permit is bought and held for review; the officer sees it with the
//! purchase in the review queue.

use crate::auth::CurrentResident;
use crate::db::{proofs, residents};
use crate::domain::PermitState;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::Path;
use crate::routes::common::{Document, owned_permit, permit_product, upload_route};
use crate::state::AppState;
use crate::upload::Upload;
use crate::views::permit_view;
use axum::extract::State;
use permit_api_types::{ErrorBody, Permit};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(upload_route(routes!(upload_evidence)))
}

#[utoipa::path(put, path = "/permits/{id}/evidence", tag = "permits", security(("bearer" = [])),
    params(("id" = String, Path)),
    request_body(content((Document = "application/pdf"), (Document = "image/jpeg"), (Document = "image/png")), description = "One of the documents the catalogue lists under the product's `evidence`: PDF, JPEG or PNG, at most 5 MiB."),
    description = "AVP-1: evidence for a permit held for the council's review (Care, Over State Pension Age). It appears with the purchase in the officer's queue; an officer cannot approve the purchase before it is uploaded.",
    responses((status = 200, body = Permit), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "evidence_not_needed: the product asks for none, or the permit is not waiting for review"),
        (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, permit = %id, bytes = upload.bytes.len()))]
pub(super) async fn upload_evidence(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
    upload: Upload,
) -> Result<Json<Permit>, ApiError> {
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, &me.id).await?;
    let (scheme, row) = owned_permit(&state, &mut tx, &me.id, &id).await?;
    if permit_product(&scheme, &row)?.evidence.is_empty() || row.state != PermitState::PendingReview
    {
        return Err(ApiError::Conflict {
            code: "evidence_not_needed",
            message: "This permit is not waiting for evidence.".into(),
        });
    }
    let proof = proofs::NewProof {
        resident_id: &me.id,
        purpose: proofs::PERMIT_EVIDENCE,
        subject_id: &row.payment_id,
        content_type: upload.content_type,
        body: &upload.bytes,
    };
    proofs::insert(&mut tx, &proof, state.now()).await?;
    tx.commit().await?;
    Ok(Json(permit_view(&state, &scheme, &row)))
}
