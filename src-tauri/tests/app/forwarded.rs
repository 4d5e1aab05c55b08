//! The commands the app only passes on to the server, through IPC against the real backend:
//! registration, buying (idempotent), payments, and managing an annual visitor permit. The
//! saved copy follows each change, and offline they say they need the server.

use crate::helpers::{Backend, TestApp};
use serde_json::{Value, json};

fn register(app: &TestApp, council: &str, property: &str, account: &str, email: &str) -> Value {
    app.invoke(
        "register",
        json!({
            "council": council,
            "request": {
                "property_id": property,
                "full_name": "Robin Resident",
                "email": email,
                "council_tax_account": account,
            },
        }),
    )
    .expect("registers")
}

#[test]
fn a_new_resident_registers_buys_once_per_key_and_sees_it_offline() {
    let mut backend = Backend::start();
    let app = TestApp::start(&backend.url);

    let server_now = app
        .invoke("server_now", json!({}))
        .expect("the server's clock");
    let health = backend
        .call(permit_client::Client::new(&backend.url).health())
        .expect("health");
    assert_eq!(server_now, json!(health.now));

    let found = app
        .invoke(
            "search_properties",
            json!({ "postcode": "so23 8uj", "house": "14" }),
        )
        .expect("found");
    assert_eq!(found[0]["id"], "hampshire-0002");
    let error = app
        .invoke(
            "search_properties",
            json!({ "postcode": "nowhere", "house": "" }),
        )
        .expect_err("not a postcode");
    assert_eq!(error["field"], "postcode");

    let registration = register(
        &app,
        "hampshire",
        "hampshire-0002",
        "41000014",
        "robin@example.org",
    );
    assert_eq!(registration["council_tax_account_masked"], "*****014");
    app.log_in(&backend, "robin@example.org");

    let order = json!({
        "permit_type": "visitor-bundle",
        "quantity": 1,
    });
    let key = "ui-18c2f00a-3a9b7";
    let first = backend.buy_in_app(&app, key, &order);
    let again = backend.buy_in_app(&app, key, &order);
    assert_eq!(first["payment"]["id"], again["payment"]["id"]);
    // Card details are not taken: the app's order carries none, and one that did is refused.
    let carded = json!({ "permit_type": "visitor-bundle", "quantity": 1, "card_number": "4242424242424242" });
    let error = app
        .invoke(
            "start_purchase",
            json!({ "idempotencyKey": "ui-carded-key-1", "order": carded }),
        )
        .expect_err("no card field");
    assert!(error.to_string().contains("card_number"), "{error}");
    let payments = app.invoke("payments", json!({})).expect("history");
    assert_eq!(payments.as_array().map(Vec::len), Some(1), "charged once");

    let error = app
        .invoke(
            "start_purchase",
            json!({ "idempotencyKey": "no good", "order": order }),
        )
        .expect_err("bad key");
    assert_eq!(error["field"], "idempotency_key");

    // The purchase refreshed the saved copy: offline, the new permits are there.
    backend.stop();
    let offline = app.invoke("dashboard", json!({})).expect("saved copy");
    assert_eq!(offline["offline"], true);
    assert_eq!(offline["balances"][0]["permits_left"], 10);
    let error = app
        .invoke(
            "start_purchase",
            json!({ "idempotencyKey": "ui-other-key-1", "order": order }),
        )
        .expect_err("offline");
    assert_eq!(error["code"], "needs_server");
    assert_eq!(
        error["message"],
        "Buying needs a connection to the council's service. Check your signal and try again."
    );
}

#[test]
fn an_annual_visitor_permit_is_managed_through_the_app() {
    let backend = Backend::start();
    let app = TestApp::start(&backend.url);
    register(
        &app,
        "leicester",
        "leicester-0001",
        "74000018",
        "avp@example.org",
    );
    app.log_in_at(&backend, "leicester", "avp@example.org");

    let order = json!({
        "permit_type": "annual-visitor",
        "quantity": 1,
        "duration_months": 12,
        "vrm": "AB12CDE",
    });
    let receipt = backend.buy_in_app(&app, "avp-key-0001", &order);
    let id = receipt["permit"]["id"]
        .as_str()
        .expect("a permit")
        .to_owned();

    let permit = app
        .invoke("change_vehicle", json!({ "id": id, "vrm": "xy34 zzz" }))
        .expect("AVP-2: changed at once");
    assert_eq!(permit["vrm"], "XY34ZZZ");
    let permit = app
        .invoke("set_auto_renew", json!({ "id": id, "on": false }))
        .expect("auto-renew off");
    assert_eq!(permit["auto_renew"], false);

    // The saved copy follows: the dashboard's permit has the new VRM.
    let dashboard = app.invoke("dashboard", json!({})).expect("synced");
    assert_eq!(dashboard["permits"][0]["vrm"], "XY34ZZZ");

    let refund = app
        .invoke("cancel_permit", json!({ "id": id }))
        .expect("AVP-4: cancelled");
    assert!(refund.is_u64(), "{refund}");
    let dashboard = app.invoke("dashboard", json!({})).expect("synced");
    assert_eq!(dashboard["permits"][0]["state"], "cancelled");
}
