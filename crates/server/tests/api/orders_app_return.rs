//! Issue 16: the Tauri app opens the payment page in the system browser, where the resident
//! has no session, so its orders (`return_to: app`) send the payer back to a page named by a
//! random token that needs no session and says only whether the payment went through.

use crate::auto_renewal::spawn_app_without_recurring;
use crate::helpers::{TestApp, bundles, key, spawn_app, stand_at};
use crate::helpers_orders::{browser, location, pay_on_page};
use crate::permits::leicester_permit;
use crate::renewal_links::{link_sent, renewal_opened};
use permit_client::Client;
use permit_client::types::{
    PaymentOrder, PaymentReturn, Permit, PurchaseOrder, ReadyRenewalPayment, RenewalOrder,
};
use permit_server::payments::{SANDBOX_CARD_DECLINED, SANDBOX_CARD_OK};
use permit_test_support::outbox::RenewalLink;

/// The page at `url`, read with no session: its status and HTML.
async fn shown(url: &str) -> (u16, String) {
    let answer = browser().get(url).send().await.expect("page");
    let status = answer.status().as_u16();
    let cache = answer.headers().get("cache-control").cloned();
    assert_eq!(
        cache.as_ref().and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    (status, answer.text().await.expect("html"))
}

/// Pays `order` on the provider's page: the address the browser is sent back to, the app's
/// return page.
async fn paid_back_to_the_app(app: &TestApp, order: &PaymentOrder) -> String {
    let back = location(&pay_on_page(order, SANDBOX_CARD_OK).await);
    assert!(
        back.starts_with(&format!("{}/payment-return/", app.url)),
        "{back}"
    );
    back
}

/// A Hampshire resident's order for a bundle made in the app, awaiting payment.
async fn ordered_in_app(email: &str) -> (TestApp, Client, PaymentOrder) {
    let app = spawn_app().await;
    stand_at(&app, "2026-06-15 10:00").await;
    let resident = app.resident("hampshire", email).await;
    let order = PurchaseOrder {
        return_to: PaymentReturn::App,
        ..bundles("visitor-bundle", 1)
    };
    let order = resident
        .start_purchase(&key(), &order)
        .await
        .expect("order made");
    (app, resident, order)
}

#[tokio::test]
async fn vp1_an_app_payer_comes_back_to_a_page_that_needs_no_session_and_names_nothing() {
    let (app, resident, order) = ordered_in_app("app-paid@example.org").await;
    let back = location(&pay_on_page(&order, SANDBOX_CARD_OK).await);
    let token = back
        .strip_prefix(&format!("{}/payment-return/", app.url))
        .unwrap_or_else(|| panic!("the app's return page: {back}"));
    assert_eq!(token.len(), 64, "256 random bits");
    assert!(
        !back.contains(&order.id),
        "the order's id is not in the address"
    );
    // The browser gets there before the app reads the order: the page settles it.
    let (status, html) = shown(&back).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Payment received"), "{html}");
    assert!(
        html.contains("Go back to the parking permits app"),
        "{html}"
    );
    for private in ["£15", "15.00", "Visitor", "visitor", &order.id, "app-paid"] {
        assert!(!html.contains(private), "{private} in {html}");
    }
    let paid = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(paid.state, "paid");
    assert_eq!(app.payments.charges(), 1);
    // Read again, it says the same and issues nothing more.
    assert!(shown(&back).await.1.contains("Payment received"));
    assert_eq!(resident.visitor_permits().await.expect("held").len(), 1);
}

#[tokio::test]
async fn vp1_an_app_payers_declined_card_is_said_plainly_and_a_web_order_returns_to_the_web() {
    let (app, resident, order) = ordered_in_app("app-declined@example.org").await;
    let page = format!("{}/payment-return/{}", app.url, "0".repeat(64).as_str());
    let (status, html) = shown(&page).await;
    assert_eq!(
        (status, html.contains("Page not found")),
        (404, true),
        "{html}"
    );
    let back = location(&pay_on_page(&order, SANDBOX_CARD_DECLINED).await);
    let (status, html) = shown(&back).await;
    assert_eq!(status, 200);
    assert!(html.contains("Your payment was not taken"), "{html}");
    assert_eq!(app.order_state(&order.id).await, "declined");
    let web = resident
        .start_purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("order made");
    assert_eq!(
        location(&pay_on_page(&web, SANDBOX_CARD_OK).await),
        format!("{}/buy?order={}", app.url, web.id)
    );
}

#[tokio::test]
async fn rp4_an_app_renewal_returns_to_the_no_session_page_too() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let (_, bought) = leicester_permit(&app, "app-renew@example.org").await;
    stand_at(&app, "2026-12-20 09:00").await;
    let resident = app
        .resident_logged_in("leicester", "app-renew@example.org")
        .await;
    let renewal = RenewalOrder {
        return_to: PaymentReturn::App,
        ..RenewalOrder::default()
    };
    let order = resident
        .start_renewal(&bought.id, &key(), &renewal)
        .await
        .expect("renewal order");
    let back = paid_back_to_the_app(&app, &order).await;
    let (status, html) = shown(&back).await;
    assert_eq!(status, 200);
    assert!(html.contains("Payment received"), "{html}");
    assert!(!html.contains("AB12"), "{html}");
}

/// A Leicestershire resident whose permit could not renew itself (the council's account takes
/// no recurring payments), logged in once renewal opened, and the link they were emailed.
async fn emailed_link(email: &str) -> (TestApp, Client, Permit, RenewalLink) {
    let app = spawn_app_without_recurring().await;
    let (resident, permit) = renewal_opened(&app, email).await;
    let link = link_sent(&app, email).await;
    (app, resident, permit, link)
}

#[tokio::test]
async fn rp4_the_app_paying_the_emailed_links_order_comes_back_to_the_no_session_page() {
    // The app pays the link's ready-made order in the system browser, where the resident has
    // no session: that browser must not end on the web UI's page, which asks it to log in.
    let (app, resident, permit, link) = emailed_link("app-link@example.org").await;
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/purchases/{}/payment",
            app.url, link.order
        ))
        .bearer_auth(resident.token().expect("token"))
        .json(&serde_json::json!({ "return_to": "mobile" }))
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), 422);
    let body: serde_json::Value = answer.json().await.expect("error body");
    assert_eq!(
        (&body["code"], &body["field"]),
        (&"invalid_body".into(), &"return_to".into()),
        "{body}"
    );
    assert_eq!(
        app.order_state(&link.order).await,
        "ready",
        "left as it was"
    );

    let in_app = ReadyRenewalPayment {
        return_to: PaymentReturn::App,
        ..ReadyRenewalPayment::default()
    };
    let started = resident
        .pay_ready_order_with(&link.order, &in_app)
        .await
        .expect("to payment");
    let back = paid_back_to_the_app(&app, &started).await;
    assert!(!back.contains(&link.order), "{back}");
    let (status, html) = shown(&back).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Payment received"), "{html}");
    assert!(!html.contains(&permit.vrm), "{html}");
    let paid = resident.purchase_order(&link.order).await.expect("read");
    assert_eq!(paid.state, "paid");
}

#[tokio::test]
async fn rp4_the_emailed_links_order_paid_in_the_browser_comes_back_to_its_web_page() {
    // `_app` keeps the server running to the end of the test.
    let (_app, resident, _, link) = emailed_link("web-link@example.org").await;
    let started = resident
        .pay_ready_order(&link.order)
        .await
        .expect("to payment");
    let back = location(&pay_on_page(&started, SANDBOX_CARD_OK).await);
    assert_eq!(back, link.url, "the page the email linked to");
}

#[tokio::test]
async fn unknown_return_page_tokens_are_limited_per_ip() {
    let app = spawn_app().await;
    for n in 0..20 {
        let page = format!("{}/payment-return/{n:064}", app.url);
        assert_eq!(shown(&page).await.0, 404);
    }
    let (status, html) = shown(&format!("{}/payment-return/not-a-token", app.url)).await;
    assert_eq!(status, 429, "{html}");
    assert!(html.contains("Too many tries"), "{html}");
}

#[tokio::test]
async fn a_page_reloaded_without_end_stops_asking_the_provider_until_the_window_passes() {
    let (app, resident, order) = ordered_in_app("reloads@example.org").await;
    for _ in 0..60 {
        let read = resident.purchase_order(&order.id).await.expect("read");
        assert_eq!(read.state, "awaiting_payment");
    }
    // Paid now; but the provider has been asked 60 times in 15 minutes for this order.
    let back = location(&pay_on_page(&order, SANDBOX_CARD_OK).await);
    let read = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(read.state, "awaiting_payment", "answered as stored");
    let (status, html) = shown(&back).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("still confirming"), "{html}");
    assert_eq!(app.payments.charges(), 1, "the card was charged once");
    // Once the window has passed the provider is asked again, and the order settles.
    stand_at(&app, "2026-06-15 10:16").await;
    let read = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(read.state, "paid");
    assert_eq!(resident.visitor_permits().await.expect("held").len(), 1);
}
