//! A household seeded straight into storage, without HTTP, for tests that call the server's
//! storage and booking functions themselves: a Hampshire resident registered (approved) at
//! `hampshire-0001`, holding one bundle of visitor permits bought a moment ago.

use permit_server::db::{at, bundles, payments, registrations, residents, secs};
use permit_server::domain::{BundleState, RegistrationState};
use permit_server::state::AppState;

/// The rows seeded, by id.
#[derive(Debug, Clone)]
pub struct Household {
    pub resident: String,
    pub payment: String,
    pub bundle: String,
}

/// Seeds the household of `full_name` at `email` with a bundle of `permits` visitor permits,
/// valid a year from the server's clock.
pub async fn with_a_bundle(
    state: &AppState,
    full_name: &str,
    email: &str,
    permits: i64,
) -> Household {
    let now = state.now();
    let mut tx = state.db.write_tx().await.expect("tx");
    let resident = residents::insert(
        &mut tx,
        &residents::NewResident {
            council: "hampshire",
            full_name,
            email: Some(email),
            mobile: None,
        },
        now,
    )
    .await
    .expect("resident");
    registrations::insert(
        &mut tx,
        &resident,
        "hampshire-0001",
        None,
        RegistrationState::Approved,
        now,
    )
    .await
    .expect("registration");
    let payment = payments::insert(
        &mut tx,
        &payments::NewPayment {
            resident_id: &resident,
            permit_type: "visitor-bundle",
            description: "Visitor permits",
            quantity: 1,
            amount_pence: 1500,
            charge_ref: &format!("charge_{resident}"),
        },
        now,
    )
    .await
    .expect("payment")
    .id;
    let bundle = bundles::insert(
        &mut tx,
        &bundles::NewBundle {
            resident_id: &resident,
            payment_id: &payment,
            property_id: Some("hampshire-0001"),
            permit_type: "visitor-bundle",
            permits,
            state: BundleState::Active,
            expires_at: at(secs(now) + 365 * 86_400),
        },
        now,
    )
    .await
    .expect("bundle")
    .id;
    tx.commit().await.expect("seeded");
    Household {
        resident,
        payment,
        bundle,
    }
}
