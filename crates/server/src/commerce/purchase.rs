//! A purchase: checked by the rules engine and recorded once the provider says it is paid
//! (the two-phase order in `order.rs` calls these).

use super::standing;
use crate::auth::sha256_hex;
use crate::db::{Conn, Tx, bundles, payments, permits, residents};
use crate::domain::{Bought, BundleState, PermitState};
use crate::error::ApiError;
use crate::state::AppState;
use permit_api_types::{PurchaseOrder, PurchaseReceipt};
use permit_rules::scheme::Product;
use permit_rules::{PermitType, PurchaseQuote, PurchaseRequest, Scheme, Vrm, check_purchase};

/// The order's hash (an `Idempotency-Key` answers only the same request) and a write
/// transaction holding the resident's lock: one purchase per resident at a time, so a second
/// request with a key sees the first's answer.
pub(super) async fn begin(
    state: &AppState,
    resident_id: &str,
    order: &PurchaseOrder,
) -> Result<(String, crate::db::Tx), ApiError> {
    let request_hash = sha256_hex(&serde_json::to_string(order).map_err(ApiError::internal)?);
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, resident_id).await?;
    Ok((request_hash, tx))
}

/// A purchase the rules engine allows, priced, with where the resident stands.
#[derive(Debug)]
pub(super) struct Checked {
    pub scheme: std::sync::Arc<Scheme>,
    pub request: PurchaseRequest,
    pub standing: super::Standing,
    pub quote: PurchaseQuote,
    pub description: String,
    pub amount: i64,
}

/// Checks `order` against the council's rules inside the caller's transaction, which holds the
/// resident's lock; takes the household's lock too, so purchases sharing an allowance queue.
pub(super) async fn check(
    state: &AppState,
    tx: &mut Conn,
    resident_id: &str,
    order: &PurchaseOrder,
) -> Result<Checked, ApiError> {
    let resident = residents::get(tx, resident_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    let scheme = state.scheme(&resident.council)?;
    let request = parse_order(order)?;
    // VP-2, VP-4, VP-5: accounts at one address share an allowance, so their purchases queue.
    if let Some(home) = super::household(tx, resident_id).await? {
        bundles::lock_household(&state.db, tx, &resident.council, &home).await?;
    }
    let standing = standing(state, tx, &scheme, resident_id).await?;
    let quote = check_purchase(
        &scheme,
        &request,
        &standing.history,
        &standing.registration,
        state.now(),
    )
    .map_err(ApiError::refusal)?;
    let description = describe(&scheme, &quote, request.vrm.as_ref());
    let amount = i64::try_from(quote.total.0).map_err(ApiError::internal)?;
    Ok(Checked {
        scheme,
        request,
        standing,
        quote,
        description,
        amount,
    })
}

/// A paid purchase waiting to be recorded.
#[derive(Debug)]
pub(super) struct Sale<'a> {
    pub resident_id: &'a str,
    pub property_id: &'a str,
    pub household: Option<&'a str>,
    pub scheme: &'a Scheme,
    pub quote: &'a PurchaseQuote,
    pub request: &'a PurchaseRequest,
    pub description: &'a str,
    pub charge_ref: &'a str,
}

/// Records the payment and what it bought.
#[tracing::instrument(skip_all)]
pub(super) async fn insert_sale(
    state: &AppState,
    conn: &mut Tx,
    sale: &Sale<'_>,
) -> Result<PurchaseReceipt, ApiError> {
    let Sale {
        resident_id,
        property_id,
        household,
        scheme,
        quote,
        request,
        description,
        charge_ref,
    } = *sale;
    let now = state.now();
    let new_payment = payments::NewPayment {
        resident_id,
        permit_type: quote.permit_type.as_str(),
        description,
        quantity: i64::from(quote.quantity),
        amount_pence: i64::try_from(quote.total.0).map_err(ApiError::internal)?,
        charge_ref,
    };
    let payment = payments::insert(conn, &new_payment, now).await?;
    let mut receipt = PurchaseReceipt {
        payment: payment.view(),
        bundle: None,
        permit: None,
    };
    match scheme.product(&quote.permit_type) {
        Some(Product::VisitorBundle(_)) => {
            let new = bundles::NewBundle {
                resident_id,
                payment_id: &payment.id,
                property_id: household,
                permit_type: quote.permit_type.as_str(),
                permits: i64::from(quote.permits),
                // VP-6: what the council reviews is held until it decides.
                state: BundleState::bought(quote.needs_review),
                expires_at: quote.valid_until,
            };
            receipt.bundle = Some(bundles::insert(conn, &new, now).await?.view());
        }
        Some(Product::VehiclePermit(product)) => {
            let new = permits::NewPermit {
                resident_id,
                payment_id: &payment.id,
                permit_type: quote.permit_type.as_str(),
                vrm: request.vrm.as_ref().map(Vrm::as_str).unwrap_or_default(),
                property_id,
                duration_months: i64::from(
                    product
                        .duration(request.duration_months)
                        .map_err(ApiError::refusal)?
                        .months,
                ),
                price_pence: i64::try_from(quote.total.0).map_err(ApiError::internal)?,
                // RP-2: what the council reviews is held until it decides.
                state: PermitState::bought(quote.needs_review),
                auto_renew: product.auto_renewal,
                starts_at: quote.valid_from,
                expires_at: quote.valid_until,
                renewed_from: None,
            };
            let row = permits::insert(conn, &new).await?;
            receipt.permit = Some(crate::views::permit_view(state, scheme, &row));
        }
        None => return Err(ApiError::internal("quoted product vanished")),
    }
    Ok(receipt)
}

fn parse_order(order: &PurchaseOrder) -> Result<PurchaseRequest, ApiError> {
    let permit_type =
        PermitType::parse(&order.permit_type).map_err(|e| ApiError::parse("permit_type", &e))?;
    let vrm = Vrm::parse_optional(order.vrm.as_deref()).map_err(|e| ApiError::parse("vrm", &e))?;
    Ok(PurchaseRequest {
        permit_type,
        quantity: order.quantity,
        duration_months: order.duration_months,
        vrm,
    })
}

fn describe(scheme: &Scheme, quote: &PurchaseQuote, vrm: Option<&Vrm>) -> String {
    let name = scheme
        .product(&quote.permit_type)
        .map(Product::name)
        .unwrap_or_default();
    match vrm {
        Some(vrm) => format!("{name} for {}", vrm.as_str()),
        None => format!("{} × {name}", quote.quantity),
    }
}
