//! RP-4, RP-6: where a permit cannot renew itself through an agreement (here a council whose
//! payment account takes no recurring payments, or a declined charge), the email links to a
//! renewal order made for that permit: the resident goes straight to "Check your answers" and
//! the provider's page. The order holds nothing while it waits, blocks no other renewal, is
//! made once per permit period, and ends with the permit's expiry if never used.

use crate::auto_renewal::{RENEWAL_OPENS, bought, run_jobs, spawn_app_without_recurring, told};
use crate::helpers::{TestApp, assert_refused, key, spawn_app, stand_at};
use crate::permits::leicester_permit;
use permit_client::types::{Permit, RenewalOrder};
use permit_test_support::outbox::{RenewalLink, renewal_link};

/// The link in the one message sent to `email` saying the permit could not renew itself.
pub(crate) async fn link_sent(app: &TestApp, email: &str) -> RenewalLink {
    renewal_link(&app.client, email, "could not renew itself automatically").await
}

/// Continues to payment from the link's order, pays on the provider's page and closes the tab:
/// the order is paid.
async fn pay_by_link(app: &TestApp, resident: &permit_client::Client, order_id: &str) {
    let started = resident
        .pay_ready_order(order_id)
        .await
        .expect("to payment");
    app.pay_and_close_the_tab(&started);
    let order = resident.purchase_order(order_id).await.expect("read");
    assert_eq!(order.state, "paid");
}

/// The resident logged in again (the clock moved past their session).
async fn again(app: &TestApp, email: &str) -> permit_client::Client {
    app.resident_logged_in("leicestershire", email).await
}

/// A resident permit bought with auto-renewal ticked, and the resident (logged in again) once
/// its renewal has opened.
pub(crate) async fn renewal_opened(app: &TestApp, email: &str) -> (permit_client::Client, Permit) {
    let (_, permit) = bought(app, email, Some(true)).await;
    stand_at(app, RENEWAL_OPENS).await;
    (again(app, email).await, permit)
}

async fn renewal_orders(app: &TestApp, permit_id: &str) -> i64 {
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM orders WHERE renews = $1")
        .bind(permit_id)
        .fetch_one(&mut *conn)
        .await
        .expect("count");
    n
}

#[tokio::test]
async fn rp4_rp6_the_emailed_link_is_a_ready_made_renewal_order_paid_on_the_hosted_page() {
    let app = spawn_app_without_recurring().await;
    let email = "link-ready@example.org";
    let (resident, permit) = renewal_opened(&app, email).await;
    let RenewalLink {
        order: order_id,
        permit: permit_id,
        url: link,
        ..
    } = link_sent(&app, email).await;
    assert_eq!(permit_id, permit.id);
    assert!(link.starts_with(&app.state.public_url), "{link}");
    let ready = resident.purchase_order(&order_id).await.expect("the order");
    assert_eq!(ready.state, "ready");
    assert_eq!(ready.renews.as_deref(), Some(permit.id.as_str()));
    assert_eq!(
        ready.next_url, None,
        "no payment until the resident continues"
    );
    assert_eq!(ready.amount_pence, permit.price_pence);

    let started = resident
        .pay_ready_order(&order_id)
        .await
        .expect("to payment");
    assert_eq!(started.id, order_id, "the same order");
    assert_eq!(started.state, "awaiting_payment");
    assert!(started.next_url.is_some());
    let again = resident.pay_ready_order(&order_id).await.expect("again");
    assert_eq!(
        again.next_url, started.next_url,
        "a second click, the same page"
    );
    // A client from before the body (RP-6's tick) sends none at all: still the same page.
    let bodiless = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/purchases/{order_id}/payment",
            resident.base_url()
        ))
        .bearer_auth(resident.token().expect("logged in"))
        .send()
        .await
        .expect("sent");
    assert_eq!(bodiless.status(), 200);
    let bodiless: permit_client::types::PaymentOrder = bodiless.json().await.expect("an order");
    assert_eq!(bodiless.next_url, started.next_url);

    app.pay_and_close_the_tab(&started);
    let paid = resident.purchase_order(&order_id).await.expect("settled");
    assert_eq!(paid.state, "paid");
    let permits = resident.permits().await.expect("permits");
    assert_eq!(permits.len(), 2, "renewed once");
    assert_eq!(permits[1].starts_at, permits[0].expires_at);
    assert_eq!(app.payments.charges(), 2);
}

#[tokio::test]
async fn rp4_rp6_a_link_never_followed_holds_nothing_makes_one_order_and_ends_with_the_permit() {
    let app = spawn_app_without_recurring().await;
    let email = "link-ignored@example.org";
    let (resident, permit) = renewal_opened(&app, email).await;
    run_jobs(&app).await;
    run_jobs(&app).await;
    let order_id = link_sent(&app, email).await.order;
    assert_eq!(renewal_orders(&app, &permit.id).await, 1, "one order");

    // The resident renews from Manage permits instead: nothing in the way.
    let manual = resident
        .start_renewal(&permit.id, &key(), &RenewalOrder::default())
        .await
        .expect("a renewal of its own");
    assert_eq!(manual.state, "awaiting_payment");
    app.pay_and_close_the_tab(&manual);
    assert_eq!(
        resident
            .purchase_order(&manual.id)
            .await
            .expect("read")
            .state,
        "paid"
    );
    let spent = resident
        .pay_ready_order(&order_id)
        .await
        .expect_err("already renewed");
    assert_refused(&spent, 409, "already_renewed", None);
    assert_eq!(
        resident
            .purchase_order(&order_id)
            .await
            .expect("read")
            .state,
        "cancelled",
        "the link's order is spent"
    );
    assert_eq!(app.payments.charges(), 2, "paid once");
}

#[tokio::test]
async fn rp4_rp6_a_ready_order_expires_with_the_permit_and_is_never_reconciled() {
    let app = spawn_app_without_recurring().await;
    let email = "link-expires@example.org";
    bought(&app, email, Some(true)).await;
    stand_at(&app, RENEWAL_OPENS).await;
    let order_id = link_sent(&app, email).await.order;
    stand_at(&app, "2027-01-14 10:00").await;
    run_jobs(&app).await;
    let resident = again(&app, email).await;
    assert_eq!(
        resident
            .purchase_order(&order_id)
            .await
            .expect("read")
            .state,
        "ready",
        "still usable while the permit runs, and the jobs leave it alone"
    );
    stand_at(&app, "2027-01-16 10:00").await;
    let resident = again(&app, email).await;
    assert_eq!(
        resident
            .purchase_order(&order_id)
            .await
            .expect("read")
            .state,
        "expired"
    );
    let late = resident
        .pay_ready_order(&order_id)
        .await
        .expect("answers as it stands");
    assert_eq!(late.state, "expired");
    assert_eq!(late.next_url, None);
}

#[tokio::test]
async fn rp6_a_declined_charge_links_to_a_ready_made_renewal_order() {
    let app = spawn_app().await;
    let email = "link-declined@example.org";
    let (_, permit) = bought(&app, email, Some(true)).await;
    app.payments.decline_recurring_charges(true);
    stand_at(&app, RENEWAL_OPENS).await;
    let resident = again(&app, email).await;
    let link = link_sent(&app, email).await;
    assert_eq!(link.permit, permit.id);
    app.payments.decline_recurring_charges(false);
    pay_by_link(&app, &resident, &link.order).await;
    assert_eq!(resident.permits().await.expect("permits").len(), 2);
}

#[tokio::test]
async fn rp4_avp3_the_reminder_links_to_a_ready_made_renewal_order() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let email = "link-reminder@example.org";
    let (_, permit) = leicester_permit(&app, email).await;
    stand_at(&app, "2026-12-15 00:00").await;
    let link = renewal_link(&app.client, email, "You can renew it now").await;
    assert_eq!(link.permit, permit.id);
    assert!(link.url.starts_with(&app.state.public_url), "{link:?}");
    let resident = app.resident_logged_in("leicester", email).await;
    pay_by_link(&app, &resident, &link.order).await;
    let permits = resident.permits().await.expect("permits");
    assert_eq!(permits.len(), 2, "renewed once");
    assert_eq!(permits[1].starts_at, permits[0].expires_at);
    run_jobs(&app).await;
    assert_eq!(
        told(&app, email, "renew it now").await.len(),
        1,
        "reminded once"
    );
}

/// Whether the catalogue offers "Renew automatically" for the Leicestershire resident permit.
async fn offered(app: &TestApp, email: &str) -> bool {
    let resident = app.resident("leicestershire", email).await;
    let catalogue = resident.catalogue().await.expect("catalogue");
    let product = catalogue
        .products
        .iter()
        .find(|p| p.id == "resident")
        .expect("resident permit");
    product.renew_automatically
}

#[tokio::test]
async fn rp6_renew_automatically_is_offered_only_where_the_council_takes_recurring_payments() {
    let app = spawn_app().await;
    assert!(offered(&app, "offer-yes@example.org").await);
    let resident = app.resident("leicester", "offer-annual@example.org").await;
    let catalogue = resident.catalogue().await.expect("catalogue");
    assert!(
        catalogue.products.iter().all(|p| !p.renew_automatically),
        "annual visitor permits are renewed by the resident"
    );
    let app = spawn_app_without_recurring().await;
    assert!(!offered(&app, "offer-no@example.org").await);
}
