//! Changing what a permit is for: its vehicle (RP-3 request, AVP-2 direct edit) or its address
//! (RP-7, AVP-5, with proof), or, moving to another zone, a new permit application with proof
//! of address and the V5C (RP-7). How each council changes a VRM is in its council file.

use crate::auth::CurrentResident;
use crate::db::{Conn, permits, proofs, requests, residents};
use crate::domain::RequestKind;
use crate::error::ApiError;
use crate::extract::Json;
use crate::extract::{Path, Query};
use crate::gazetteer::Property;
use crate::review::NEW_ZONE_DOCUMENTS;
use crate::review::moving::STAYS_AFTER_A_MOVE;
use crate::routes::common::{Document, owned_permit, permit_product, require_active, upload_route};
use crate::state::AppState;
use crate::upload::Upload;
use crate::views::permit_view;
use axum::extract::State;
use axum::http::StatusCode;
use permit_api_types::{ErrorBody, PermitRequest, VehicleChange, VehicleChangeOutcome};
use permit_rules::scheme::VrmChange;
use permit_rules::{AddressChange, PermitType, Scheme, Vrm, address_change, new_zone_application};
use serde::Deserialize;
use std::sync::Arc;
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(change_vehicle))
        .routes(upload_route(routes!(change_of_address)))
        .routes(upload_route(routes!(apply_in_new_zone)))
}

#[utoipa::path(post, path = "/permits/{id}/vehicle", tag = "permits", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = VehicleChange,
    description = "AVP-2: Edit Registration changes the VRM at once. RP-3: a Vehicle Change Request goes to the council; the permit keeps its VRM until approved.",
    responses((status = 200, body = VehicleChangeOutcome), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, permit = %id))]
pub(super) async fn change_vehicle(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
    Json(change): Json<VehicleChange>,
) -> Result<Json<VehicleChangeOutcome>, ApiError> {
    let vrm = Vrm::parse(&change.vrm).map_err(|e| ApiError::parse("vrm", &e))?;
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, &me.id).await?;
    let (scheme, row) = owned_permit(&state, &mut tx, &me.id, &id).await?;
    require_active(&row)?;
    let request = match permit_product(&scheme, &row)?.vrm_change {
        VrmChange::Direct => {
            permits::set_vrm(&mut tx, &id, vrm.as_str()).await?;
            None
        }
        VrmChange::Request => {
            let request = requests::insert(
                &mut tx,
                &me.id,
                &id,
                RequestKind::VehicleChange,
                vrm.as_str(),
                state.now(),
            )
            .await?;
            Some(request.view("Your Vehicle Change Request is with the council; the permit keeps its vehicle until it is approved."))
        }
    };
    let row = permits::get(&mut tx, &me.id, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    tx.commit().await?;
    Ok(Json(VehicleChangeOutcome {
        permit: permit_view(&state, &scheme, &row),
        request,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct NewAddress {
    /// The new property, from `/properties`.
    property_id: String,
}

#[utoipa::path(post, path = "/permits/{id}/change-of-address", tag = "permits", security(("bearer" = [])),
    params(("id" = String, Path), NewAddress),
    request_body(content((Document = "application/pdf"), (Document = "image/jpeg"), (Document = "image/png")), description = "Proof of the new address: PDF, JPEG or PNG, at most 5 MiB (RP-7: tenancy agreement, utility bill or bank statement within 3 months, completion letter; AVP-5: council tax bill, or tenancy agreement / completion statement)."),
    description = "RP-7: within the same zone the permit moves once the council accepts the proof; to another zone a new application (with proof and the V5C) is needed. AVP-5: the council cancels the old address's permits and new ones are bought.",
    responses((status = 202, body = PermitRequest), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, permit = %id, bytes = upload.bytes.len()))]
pub(super) async fn change_of_address(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
    Query(address): Query<NewAddress>,
    upload: Upload,
) -> Result<(StatusCode, Json<PermitRequest>), ApiError> {
    let mut tx = state.db.write_tx().await?;
    let Move {
        scheme,
        permit_type,
        old_zone,
        new_property,
    } = moving_permit(&state, &mut tx, &me.id, &id, &address).await?;
    let change = address_change(
        &scheme,
        &permit_type,
        old_zone.as_deref(),
        &new_property.zone,
    )
    .map_err(ApiError::refusal)?;
    let request = requests::insert(
        &mut tx,
        &me.id,
        &id,
        RequestKind::ChangeOfAddress,
        &new_property.id,
        state.now(),
    )
    .await?;
    let proof = proofs::NewProof {
        resident_id: &me.id,
        purpose: "change_of_address",
        subject_id: &request.id,
        content_type: upload.content_type,
        body: &upload.bytes,
    };
    crate::upload::store(&mut tx, &proof, state.now()).await?;
    tx.commit().await?;
    let explanation = match change {
        AddressChange::PermitMoves => {
            "The council will check your proof; your permit then moves to your new address."
        }
        AddressChange::OldPermitsEnd => {
            "The council will check your proof, cancel the permits at your old address, and you can then buy new ones."
        }
    };
    let explanation = format!("{explanation} {STAYS_AFTER_A_MOVE}");
    Ok((StatusCode::ACCEPTED, Json(request.view(&explanation))))
}

/// A move asked for: the permit's council and type, the zone it is in now (unknown where its
/// property is no longer listed) and the new property, in the same council.
struct Move {
    scheme: Arc<Scheme>,
    permit_type: PermitType,
    old_zone: Option<String>,
    new_property: Property,
}

/// The resident's active permit `id` and the new property they are moving it to, with the
/// resident locked for the rest of `tx`.
async fn moving_permit(
    state: &AppState,
    tx: &mut Conn,
    resident_id: &str,
    id: &str,
    address: &NewAddress,
) -> Result<Move, ApiError> {
    residents::lock(&state.db, tx, resident_id).await?;
    let (scheme, row) = owned_permit(state, tx, resident_id, id).await?;
    require_active(&row)?;
    let new_property = state
        .gazetteer
        .get(&address.property_id)
        .filter(|p| p.council == scheme.id)
        .ok_or_else(|| {
            ApiError::invalid(
                "property_not_found",
                "property_id",
                "Choose your new property from the search results.",
            )
        })?;
    let old_zone = state.gazetteer.zone_of(&row.property_id).map(str::to_owned);
    let permit_type = PermitType::parse(&row.permit_type).map_err(ApiError::internal)?;
    Ok(Move {
        scheme,
        permit_type,
        old_zone,
        new_property,
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct NewZoneDocument {
    /// The new property, from `/properties`.
    property_id: String,
    /// Which document the body is: `proof_of_address` or `v5c`.
    document: String,
}

#[utoipa::path(post, path = "/permits/{id}/new-zone-application", tag = "permits", security(("bearer" = [])),
    params(("id" = String, Path), NewZoneDocument),
    request_body(content((Document = "application/pdf"), (Document = "image/jpeg"), (Document = "image/png")), description = "One document of the application, PDF, JPEG or PNG, at most 5 MiB: proof of residency at the new address (RP-7: tenancy agreement, utility bill or bank statement within 3 months, completion letter, solicitor's letter) or the vehicle's V5C. Send each once; both go to the same application."),
    description = "RP-7, moving to another permit zone: a new resident permit application at the new address. Once it has both documents the council reviews it; approving it gives a permit at the new address for the rest of the old permit's period and ends the old permit.",
    responses((status = 202, body = PermitRequest), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id, permit = %id, bytes = upload.bytes.len()))]
pub(super) async fn apply_in_new_zone(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
    Query(application): Query<NewZoneDocument>,
    upload: Upload,
) -> Result<(StatusCode, Json<PermitRequest>), ApiError> {
    let Some((purpose, _)) = NEW_ZONE_DOCUMENTS
        .iter()
        .find(|(purpose, _)| *purpose == application.document)
    else {
        return Err(ApiError::invalid(
            "unknown_document",
            "document",
            "Say which document this is: proof_of_address or v5c.",
        ));
    };
    let address = NewAddress {
        property_id: application.property_id,
    };
    let mut tx = state.db.write_tx().await?;
    let Move {
        scheme,
        permit_type,
        old_zone,
        new_property,
    } = moving_permit(&state, &mut tx, &me.id, &id, &address).await?;
    new_zone_application(
        &scheme,
        &permit_type,
        old_zone.as_deref(),
        &new_property.zone,
    )
    .map_err(ApiError::refusal)?;
    let kind = RequestKind::NewZonePermit;
    let request = match requests::open_for(&mut tx, &id, kind, &new_property.id).await? {
        Some(open) => open,
        None => requests::insert(&mut tx, &me.id, &id, kind, &new_property.id, state.now()).await?,
    };
    let proof = proofs::NewProof {
        resident_id: &me.id,
        purpose,
        subject_id: &request.id,
        content_type: upload.content_type,
        body: &upload.bytes,
    };
    proofs::insert(&mut tx, &proof, state.now()).await?;
    let documents = proofs::purposes(&mut tx, &request.id).await?;
    tx.commit().await?;
    let missing = NEW_ZONE_DOCUMENTS
        .iter()
        .find(|(purpose, _)| !documents.iter().any(|d| d == purpose));
    let explanation = match missing {
        Some((_, name)) => format!(
            "Now upload your {name}: the council reviews your application once it has both documents."
        ),
        None => format!(
            "The council will check your documents; once it approves, your new permit starts at your new address and your current permit ends. {STAYS_AFTER_A_MOVE}"
        ),
    };
    Ok((StatusCode::ACCEPTED, Json(request.view(&explanation))))
}
