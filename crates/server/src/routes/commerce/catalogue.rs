//! What the resident's council sells, with prices and the allowance left (VP-1 to VP-5, RP-1).

use crate::auth::CurrentResident;
use crate::commerce::standing;
use crate::db::residents;
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;
use axum::extract::State;
use permit_api_types::{Allowance, Catalogue, DurationPrice, ErrorBody, Product};
use permit_rules::scheme::Product as SchemeProduct;
use permit_rules::{PastPurchase, allowance_state};
use utoipa_axum::{router::OpenApiRouter, routes};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(catalogue))
}

#[utoipa::path(get, path = "/catalogue", tag = "buying", security(("bearer" = [])),
    description = "The council's products with prices and, for visitor permits, the allowance left (\"14 of 20 left this month, resets 1 December 2026\").",
    responses((status = 200, body = Catalogue), (status = 401, body = ErrorBody)))]
#[tracing::instrument(skip_all, fields(resident = %me.id))]
pub(super) async fn catalogue(
    State(state): State<AppState>,
    me: CurrentResident,
) -> Result<Json<Catalogue>, ApiError> {
    let mut conn = state.db.pool().acquire().await?;
    let resident = residents::get(&mut conn, &me.id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    let standing = standing(&state, &mut conn, &scheme, &me.id).await?;
    let products = scheme
        .products
        .iter()
        .map(|p| {
            let mut offered = product(p, &standing.history, state.now());
            // RP-6: offered only where an agreement can be set up with the payment.
            offered.renew_automatically &= state.providers.recurring(scheme.id.as_str());
            offered
        })
        .collect();
    Ok(Json(Catalogue {
        council: scheme.id.as_str().to_owned(),
        can_buy: standing.registration.allows_purchase(),
        registration_explanation: standing.registration.explain(),
        products,
    }))
}

fn product(
    product: &SchemeProduct,
    history: &[PastPurchase],
    now: chrono::DateTime<chrono::Utc>,
) -> Product {
    match product {
        SchemeProduct::VisitorBundle(b) => Product {
            id: b.id.as_str().to_owned(),
            name: b.name.clone(),
            kind: "visitor_bundle".into(),
            description: format!("{} visitor permits per bundle", b.bundle_size),
            bundle_size: Some(b.bundle_size),
            bundle_price_pence: Some(b.price_pence.0),
            max_quantity: Some(b.max_quantity),
            durations: Vec::new(),
            needs_review: b.review,
            evidence: Vec::new(),
            renew_automatically: false,
            allowance: b.allowance.map(|allowance| {
                let state = allowance_state(allowance, &b.id, history, now);
                Allowance {
                    limit: state.limit,
                    used: state.used,
                    left: state.left,
                    next_reset_at: state.next_reset.map(|r| r.at),
                    summary: state.describe(),
                }
            }),
        },
        SchemeProduct::VehiclePermit(v) => Product {
            id: v.id.as_str().to_owned(),
            name: v.name.clone(),
            kind: "vehicle_permit".into(),
            description: v.description.clone(),
            bundle_size: None,
            bundle_price_pence: None,
            max_quantity: Some(1),
            durations: v
                .durations
                .iter()
                .map(|d| DurationPrice {
                    months: d.months,
                    price_pence: d.price_pence.0,
                })
                .collect(),
            needs_review: v.review,
            allowance: None,
            evidence: v.evidence.clone(),
            renew_automatically: v.auto_renewal,
        },
    }
}
