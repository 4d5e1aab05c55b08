//! RP-6 in the app, as on the web: where the council's payment account takes recurring payments
//! the app says which products ask "Renew automatically", and the answer given when buying,
//! renewing on Manage permits or paying the emailed link's order reaches the server, whose
//! payment then sets up the card the next renewal is charged to.

use crate::helpers::{Backend, TestApp};
use permit_api_types::ReviewDecision;
use permit_test_support::resident::register;
use serde_json::{Value, json};

const COUNCIL: &str = "leicestershire";
/// Renewal of a permit bought on 15 January 2026 for a year opens 30 days before it expires.
const BOUGHT: &str = "2026-01-15T10:00:00Z";
const RENEWAL_OPENS: &str = "2026-12-15T00:00:00Z";

/// Stands the server's test clock at `instant`; the jobs due by then run (renewal emails).
fn stand_at(backend: &Backend, instant: &str) {
    let at = instant.parse().expect("an instant");
    backend
        .call(backend.client.set_clock(at))
        .expect("clock set");
}

/// The council approves the permit where it reviews it; the permit as it then is.
fn approved(backend: &Backend, app: &TestApp, receipt: &Value) -> Value {
    let permit = &receipt["permit"];
    if permit["state"] == "pending_review" {
        let payment = receipt["payment"]["id"].as_str().expect("a payment");
        let approve = ReviewDecision {
            approve: true,
            reason: None,
        };
        backend
            .call(backend.client.decide_purchase(payment, &approve))
            .expect("approved");
    }
    let dashboard = app.invoke("dashboard", json!({})).expect("synced");
    let id = &permit["id"];
    let mut found = dashboard["permits"].as_array().expect("permits").iter();
    found
        .find(|p| &p["id"] == id)
        .cloned()
        .expect("the permit in the saved copy")
}

/// A Leicestershire resident logged in to the app who bought a resident permit there with
/// "Renew automatically" ticked, then switched auto-renewal off and on again (the card is then
/// gone: renewal sends a link), the clock at the opening of its renewal, logged in again. The
/// permit's id.
fn permit_without_a_card(backend: &Backend, app: &TestApp, email: &str) -> String {
    stand_at(backend, BOUGHT);
    backend.call(register(&backend.client, COUNCIL, email));
    app.log_in_at(backend, COUNCIL, email);
    let offered = app
        .invoke("renews_automatically", json!({}))
        .expect("the products");
    assert!(
        offered
            .as_array()
            .expect("a list")
            .contains(&json!("resident")),
        "{offered}"
    );
    let order = json!({
        "permit_type": "resident",
        "quantity": 1,
        "duration_months": 12,
        "vrm": "AB12CDE",
        "auto_renew": true,
    });
    let receipt = backend.buy_in_app(app, "app-rp6-buy-0001", &order);
    let permit = approved(backend, app, &receipt);
    assert_eq!(permit["auto_renew"], true);
    assert_eq!(
        permit["renews_by"], "card_on_file",
        "the tick set up a card"
    );
    let id = permit["id"].as_str().expect("an id").to_owned();
    for on in [false, true] {
        app.invoke("set_auto_renew", json!({ "id": id, "on": on }))
            .expect("switched");
    }
    stand_at(backend, RENEWAL_OPENS);
    // Eleven months on, the session has long ended.
    app.log_in_at(backend, COUNCIL, email);
    let dashboard = app.invoke("dashboard", json!({})).expect("synced");
    assert_eq!(dashboard["permits"][0]["renews_by"], "payment_link");
    id
}

/// The next period, paid and approved, renews by the card the renewal's tick set up.
fn renews_by_card(backend: &Backend, app: &TestApp, started: &Value) {
    let receipt = backend.paid_in_app(app, started);
    let next = approved(backend, app, &receipt);
    assert_eq!(next["state"], "active");
    assert_eq!(next["auto_renew"], true);
    assert_eq!(next["renews_by"], "card_on_file", "{next}");
}

#[test]
fn rp6_the_app_asks_renew_automatically_when_buying_and_renewing() {
    let backend = Backend::start();
    let app = TestApp::start(&backend.url);
    let id = permit_without_a_card(&backend, &app, "app-rp6-renew@example.org");
    let started = app
        .invoke(
            "start_renewal",
            json!({
                "id": id,
                "idempotencyKey": "app-rp6-renew-0001",
                "durationMonths": 12,
                "autoRenew": true,
            }),
        )
        .expect("renewal order");
    renews_by_card(&backend, &app, &started);
}

#[test]
fn rp6_the_app_pays_the_emailed_links_order_with_renew_automatically() {
    let backend = Backend::start();
    let app = TestApp::start(&backend.url);
    let email = "app-rp6-link@example.org";
    permit_without_a_card(&backend, &app, email);
    let link = backend.call(permit_test_support::outbox::renewal_link(
        &backend.client,
        email,
        "could not renew itself automatically",
    ));
    let started = app
        .invoke(
            "pay_ready_order",
            json!({ "id": link.order, "autoRenew": true }),
        )
        .expect("to payment");
    renews_by_card(&backend, &app, &started);
}

#[test]
fn rp6_no_tick_for_products_renewed_by_hand_and_offline_it_needs_the_server() {
    let mut backend = Backend::start();
    let app = TestApp::start(&backend.url);
    let email = backend.resident_with_permits("app-rp6-hampshire@example.org");
    app.log_in(&backend, &email);
    // Hampshire sells visitor permits only: nothing renews itself.
    let offered = app
        .invoke("renews_automatically", json!({}))
        .expect("the products");
    assert_eq!(offered, json!([]));
    backend.stop();
    let error = app
        .invoke("renews_automatically", json!({}))
        .expect_err("offline");
    assert_eq!(error["code"], "needs_server");
}
