//! Vehicle permits held: resident permits (RP-*) and annual visitor permits (AVP-*).

use crate::auth::CurrentResident;
use crate::db::{permits, residents};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use permit_api_types::{ErrorBody, Permit};
use permit_rules::scheme::Product;
use permit_rules::{PermitType, Scheme, renewal_opens_at};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/permits", get(list))
        .route("/permits/{id}", get(get_one))
}

pub(crate) fn permit_view(scheme: &Scheme, row: &permits::PermitRow) -> Permit {
    let product =
        PermitType::parse(&row.permit_type)
            .ok()
            .and_then(|id| match scheme.product(&id) {
                Some(Product::VehiclePermit(v)) => Some(v.clone()),
                _ => None,
            });
    Permit {
        id: row.id.clone(),
        permit_type: row.permit_type.clone(),
        name: product.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        vrm: row.vrm.clone(),
        property_id: row.property_id.clone(),
        state: row.state.clone(),
        auto_renew: row.auto_renew != 0,
        duration_months: u32::try_from(row.duration_months).unwrap_or_default(),
        price_pence: u64::try_from(row.price_pence).unwrap_or_default(),
        starts_at: row.starts(),
        expires_at: row.expires(),
        renewal_opens_at: product.map_or(row.expires(), |p| renewal_opens_at(&p, row.expires())),
    }
}

/// The resident's scheme and one of their permits; someone else's permit is 404.
pub(super) async fn owned(
    state: &AppState,
    conn: &mut crate::db::Conn,
    resident_id: &str,
    id: &str,
) -> Result<(std::sync::Arc<Scheme>, permits::PermitRow), ApiError> {
    let resident = residents::get(conn, resident_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    let row = permits::get(conn, resident_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((scheme, row))
}

#[utoipa::path(get, path = "/permits", tag = "permits", security(("bearer" = [])),
    responses((status = 200, body = Vec<Permit>), (status = 401, body = ErrorBody)))]
pub(super) async fn list(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<Json<Vec<Permit>>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let resident = residents::get(&mut conn, &me.id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    let rows = permits::list(&mut conn, &me.id).await?;
    Ok(Json(rows.iter().map(|r| permit_view(&scheme, r)).collect()))
}

#[utoipa::path(get, path = "/permits/{id}", tag = "permits", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Permit), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(super) async fn get_one(
    State(state): State<AppState>,
    me: CurrentResident,
    Path(id): Path<String>,
) -> Result<Json<Permit>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let (scheme, row) = owned(&state, &mut conn, &me.id, &id).await?;
    Ok(Json(permit_view(&scheme, &row)))
}
