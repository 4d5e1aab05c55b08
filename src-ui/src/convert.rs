//! The API's answers read into the UI's model, once, at the transport's edge: a VRM or permit
//! type the server sent that does not parse is reported, not carried along.

use crate::model::{
    ApiError, BookStay, OrderOutcome, Payment, Permit, PurchaseOrder, Receipt, SavedVehicle,
    StartedPayment, Stay, Stays, VisitSpan, VisitorBalance,
};
use permit_api_types as api;
use permit_api_types::app;
use permit_rules::{PastPurchase, Pence, PermitType, Plate, Vrm};

fn unexpected(what: &str, value: &str) -> ApiError {
    ApiError::new(
        "unexpected",
        &format!("The service sent a {what} this app cannot read: '{value}'."),
    )
}

fn vrm(raw: &str) -> Result<Vrm, ApiError> {
    Vrm::parse(raw).map_err(|_| unexpected("vehicle registration", raw))
}

fn permit_type(raw: &str) -> Result<PermitType, ApiError> {
    PermitType::parse(raw).map_err(|_| unexpected("permit type", raw))
}

pub fn stay(from: api::Stay) -> Result<Stay, ApiError> {
    let plate = Plate::parse(&from.vrm, from.non_uk_plate)
        .map_err(|_| unexpected("vehicle registration", &from.vrm))?;
    Ok(Stay {
        vrm: plate,
        permit_type: permit_type(&from.permit_type)?,
        id: from.id,
        start: from.starts_at,
        end: from.ends_at,
        cancel_until: from.cancel_until,
        visit: from.visit.map(|v| VisitSpan {
            days: v.days,
            start: v.starts_at,
            end: v.ends_at,
        }),
        awaiting_confirmation: from.awaiting_confirmation,
        cancelled: from.cancelled_at.is_some(),
    })
}

pub fn permit(from: api::Permit) -> Result<Permit, ApiError> {
    Ok(Permit {
        vrm: vrm(&from.vrm)?,
        permit_type: permit_type(&from.permit_type)?,
        id: from.id,
        valid_from: from.starts_at,
        valid_until: from.expires_at,
        months: from.duration_months,
        price_paid: Pence(from.price_pence),
        status: from.state,
        property_id: from.property_id,
        auto_renew: from.auto_renew,
        renews_by: from.renews_by,
        renewed_until: from.renewed_until,
        renewal_decision_due: from.renewal_decision_due,
        pending_vrm: None,
    })
}

pub fn payment(from: api::Payment) -> Payment {
    Payment {
        id: from.id,
        at: from.paid_at,
        description: from.description,
        amount: Pence(from.amount_pence),
        refunded: Pence(from.refunded_pence),
        status: from.status,
        // Issue 16: a refund through the provider is sent by the service, retried if need be.
        refund_note: match from.refund_status.as_deref() {
            Some("pending") => Some("being sent back to your card"),
            Some("failed") => Some("delayed: the council will contact you"),
            _ => None,
        },
    }
}

/// A just-started order's payment page (issue 16); an order that has none was not started.
/// `opened_by_app`: the app opened the page in the system browser itself.
pub fn started_payment(
    started: api::PaymentOrder,
    opened_by_app: bool,
) -> Result<StartedPayment, ApiError> {
    match started.next_url {
        Some(next_url) => Ok(StartedPayment {
            order_id: started.id,
            next_url,
            opened_by_app,
        }),
        None => order_outcome(started).and_then(|_| {
            Err(ApiError::new(
                "payment_failed",
                "The payment could not be started. Nothing was charged; please try again.",
            ))
        }),
    }
}

/// A two-phase purchase's order (issue 16), by its state.
pub fn order_outcome(from: api::PaymentOrder) -> Result<OrderOutcome, ApiError> {
    Ok(match from.state.as_str() {
        "ready" => OrderOutcome::Ready,
        "awaiting_payment" => OrderOutcome::Waiting(from.next_url),
        "paid" => match from.receipt {
            Some(receipt) => OrderOutcome::Paid(self::receipt(receipt)?),
            None => return Err(unexpected("order", &from.id)),
        },
        "declined" => OrderOutcome::Declined,
        "cancelled" => OrderOutcome::Cancelled,
        "expired" => OrderOutcome::Expired,
        "failed" => OrderOutcome::Failed,
        "refunded" => OrderOutcome::Refunded,
        other => return Err(unexpected("order state", other)),
    })
}

pub fn receipt(from: api::PurchaseReceipt) -> Result<Receipt, ApiError> {
    let (permits, status, valid_until) = match (&from.bundle, &from.permit) {
        (Some(bundle), _) => (bundle.permits, bundle.state.clone(), bundle.expires_at),
        (None, Some(permit)) => (1, permit.state.clone(), permit.expires_at),
        (None, None) => return Err(unexpected("receipt", &from.payment.id)),
    };
    Ok(Receipt {
        visitor: from.bundle.is_some(),
        id: from.payment.id,
        total: Pence(from.payment.amount_pence),
        permits,
        status,
        valid_until,
    })
}

/// Each visitor product's held permits, the purchases that count against its allowance (a
/// rejected bundle's permits come back, VP-6) and the server's allowance count.
pub fn balances(
    catalogue: &api::Catalogue,
    bundles: Vec<api::VisitorBundle>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<VisitorBalance>, ApiError> {
    let mut out: Vec<VisitorBalance> = Vec::new();
    for product in catalogue
        .products
        .iter()
        .filter(|p| p.kind == "visitor_bundle")
    {
        out.push(VisitorBalance {
            permit_type: permit_type(&product.id)?,
            held: 0,
            awaiting_review: 0,
            purchases: Vec::new(),
            allowance: product.allowance.clone(),
        });
    }
    for bundle in bundles.into_iter().filter(|b| b.state != "rejected") {
        let kind = permit_type(&bundle.permit_type)?;
        let usable = bundle.expires_at > now;
        let held = if bundle.state == "active" && usable {
            bundle.remaining
        } else {
            0
        };
        let awaiting = if bundle.state == "pending_review" && usable {
            bundle.remaining
        } else {
            0
        };
        let purchase = PastPurchase {
            permit_type: kind.clone(),
            permits: bundle.permits,
            at: bundle.bought_at,
        };
        match out.iter_mut().find(|b| b.permit_type == kind) {
            Some(balance) => {
                balance.held += held;
                balance.awaiting_review += awaiting;
                balance.purchases.push(purchase);
            }
            None => out.push(VisitorBalance {
                permit_type: kind,
                held,
                awaiting_review: awaiting,
                purchases: vec![purchase],
                allowance: None,
            }),
        }
    }
    Ok(out)
}

/// The app's saved balances: what is held and the server's allowance, no purchase list.
pub fn app_balance(from: app::Balance) -> Result<VisitorBalance, ApiError> {
    Ok(VisitorBalance {
        permit_type: permit_type(&from.permit_type)?,
        held: from.permits_left,
        awaiting_review: 0,
        purchases: Vec::new(),
        allowance: from.allowance,
    })
}

/// Upcoming stays from what the app's `dashboard` command answers (the last sync, or the saved
/// copy with `offline` set), with the offline banner's facts.
pub fn dashboard_stays(dashboard: app::Dashboard) -> Result<Stays, ApiError> {
    Ok(Stays {
        stays: dashboard
            .snapshot
            .upcoming_stays
            .into_iter()
            .filter(|s| s.cancelled_at.is_none())
            .map(stay)
            .collect::<Result<_, _>>()?,
        offline: dashboard.offline,
        last_synced: Some(dashboard.last_synced_at),
    })
}

pub fn purchase_order(order: &PurchaseOrder) -> api::PurchaseOrder {
    api::PurchaseOrder {
        permit_type: order.permit_type.to_string(),
        quantity: order.quantity,
        duration_months: order.duration_months,
        vrm: order.vrm.as_ref().map(Vrm::to_string),
        auto_renew: order.auto_renew,
        ..api::PurchaseOrder::default()
    }
}

pub fn stay_booking(stay: &BookStay) -> api::StayBooking {
    api::StayBooking {
        vrm: stay.vrm.as_str().to_owned(),
        permit_type: stay.permit_type.as_ref().map(PermitType::to_string),
        start: stay.start,
        duration_minutes: stay.duration_minutes,
        days: stay.days,
        non_uk_plate: !stay.vrm.is_uk(),
        confirm_overlap: stay.confirm_overlap,
        do_not_save_vehicle: !stay.save_vehicle,
    }
}

pub fn saved_vehicle(from: api::SavedVehicle) -> Result<SavedVehicle, ApiError> {
    let plate = Plate::parse(&from.vrm, from.non_uk_plate)
        .map_err(|_| unexpected("vehicle registration", &from.vrm))?;
    Ok(SavedVehicle {
        id: from.id,
        plate,
        nickname: from.nickname,
    })
}

pub fn saved_vehicles(from: Vec<api::SavedVehicle>) -> Result<Vec<SavedVehicle>, ApiError> {
    from.into_iter().map(saved_vehicle).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    fn bundle(state: &str, permits: u32, remaining: u32) -> api::VisitorBundle {
        api::VisitorBundle {
            id: format!("b-{state}"),
            permit_type: "visitor-bundle".into(),
            permits,
            remaining,
            state: state.into(),
            bought_at: at("2026-11-02T10:00:00Z"),
            expires_at: at("2027-11-03T00:00:00Z"),
        }
    }

    #[test]
    fn vp6_rejected_bundles_do_not_count_and_pending_ones_are_not_held() {
        let catalogue = api::Catalogue {
            council: "hampshire".into(),
            can_buy: true,
            registration_explanation: String::new(),
            products: Vec::new(),
        };
        let found = balances(
            &catalogue,
            vec![
                bundle("active", 10, 7),
                bundle("pending_review", 10, 10),
                bundle("rejected", 10, 10),
            ],
            at("2026-11-30T10:00:00Z"),
        )
        .expect("balances");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].held, 7);
        assert_eq!(found[0].awaiting_review, 10);
        assert_eq!(found[0].purchases.len(), 2);
    }

    #[test]
    fn a_stay_is_read_with_its_vrm_parsed_and_a_bad_one_reported() {
        let mut from = api::Stay {
            id: "s1".into(),
            vrm: "AB12CDE".into(),
            permit_type: "visitor-bundle".into(),
            starts_at: at("2026-12-01T00:00:00Z"),
            ends_at: at("2026-12-02T00:00:00Z"),
            cancel_until: at("2026-12-01T00:00:00Z"),
            cancelled_at: None,
            status: "upcoming".into(),
            non_uk_plate: false,
            visit: None,
            awaiting_confirmation: false,
        };
        assert_eq!(
            stay(from.clone()).map(|s| s.vrm.to_string()),
            Ok("AB12CDE".into())
        );
        from.vrm = "??".into();
        assert_eq!(
            stay(from).map(|_| ()).map_err(|e| e.code),
            Err("unexpected".into())
        );
    }

    #[test]
    fn the_apps_saved_copy_reads_as_offline_stays_with_the_sync_time() {
        let json = serde_json::json!({
            "resident": { "resident_id": "r1", "council": "hampshire", "full_name": "Ada",
                "email": null, "mobile": null, "registration": null },
            "upcoming_stays": [{ "id": "s1", "vrm": "AB12CDE", "permit_type": "visitor-bundle",
                "starts_at": "2026-12-01T09:00:00Z", "ends_at": "2026-12-02T00:00:00Z",
                "cancel_until": "2026-12-01T09:00:00Z", "cancelled_at": null, "status": "upcoming" }],
            "permits": [],
            "balances": [{ "permit_type": "visitor-bundle", "name": "Visitor permits",
                "permits_left": 7, "allowance": null }],
            "offline": true,
            "last_synced_at": "2026-11-30T08:00:00Z"
        });
        let dashboard: app::Dashboard = serde_json::from_value(json).expect("app dashboard");
        let stays = dashboard_stays(dashboard).expect("stays");
        assert!(stays.offline);
        assert_eq!(stays.last_synced, Some(at("2026-11-30T08:00:00Z")));
        assert_eq!(stays.stays.len(), 1);
    }

    #[test]
    fn vp7_a_payment_keeps_amount_and_refund_in_pence() {
        let paid = payment(api::Payment {
            id: "p1".into(),
            permit_type: "visitor-bundle".into(),
            description: "Visitor permits".into(),
            quantity: 1,
            amount_pence: 1500,
            refunded_pence: 500,
            status: "refunded".into(),
            refund_status: Some("pending".into()),
            paid_at: at("2026-11-30T10:00:00Z"),
        });
        assert_eq!(
            (paid.amount.to_string(), paid.refunded.to_string()),
            ("£15.00".into(), "£5.00".into())
        );
        assert_eq!(paid.refund_note, Some("being sent back to your card"));
    }
}
