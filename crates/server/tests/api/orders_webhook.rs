//! GOV.UK Pay's webhook (issue 16), against a fake GOV.UK Pay on loopback: only a body signed
//! with the council's secret is read, and even then the payment's state comes from GOV.UK Pay.

use crate::helpers::{Options, bundles, key, spawn_app_with};
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use hmac::{Hmac, Mac};
use permit_server::extract::{Json, Path};
use permit_server::payments::govuk_pay::{DEFAULT_TIMEOUT, GovukPaySettings};
use permit_server::payments::settings::{PaymentSettings, ProviderSettings};
use permit_server::secret::Secret;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

const SECRET: &str = "webhook-signing-secret";
const PAYMENT_ID: &str = "hu20sqlact5260q2nanm0q8u93";

/// The fake's one payment: its `state.status`, which the test moves.
type Status = Arc<Mutex<&'static str>>;

async fn fake_govuk_pay(status: Status) -> String {
    async fn create(Json(body): Json<Value>) -> Json<Value> {
        assert!(
            body["return_url"]
                .as_str()
                .is_some_and(|u| u.contains("/buy?order=ord_"))
        );
        Json(json!({
            "payment_id": PAYMENT_ID, "amount": body["amount"], "state": {"status": "created", "finished": false},
            "_links": {"next_url": {"href": "https://card.payments.service.gov.uk/secure/1", "method": "GET"}}
        }))
    }
    async fn read(State(status): State<Status>, Path(id): Path<String>) -> Json<Value> {
        let now = *status.lock().expect("status");
        let finished = !matches!(now, "created" | "started" | "submitted");
        let available = if now == "success" { 1500 } else { 0 };
        Json(json!({
            "payment_id": id, "amount": 1500, "state": {"status": now, "finished": finished},
            "refund_summary": {"status": "available", "amount_available": available, "amount_submitted": 0}
        }))
    }
    let app = Router::new()
        .route("/v1/payments", post(create))
        .route("/v1/payments/{id}", get(read))
        .with_state(status);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn signed(body: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).expect("key");
    mac.update(body.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[tokio::test]
async fn vp1_a_signed_webhook_settles_the_order_by_govuk_pays_state_and_an_unsigned_one_is_refused()
{
    let status: Status = Arc::new(Mutex::new("created"));
    let base_url = fake_govuk_pay(status.clone()).await;
    let hampshire = ProviderSettings::GovukPay(GovukPaySettings {
        api_key: Secret::new("api_test_key"),
        base_url,
        timeout: DEFAULT_TIMEOUT,
        webhook_secret: Some(Secret::new(SECRET)),
        recurring: false,
    });
    let app = spawn_app_with(Options {
        payments: Some(PaymentSettings {
            sandbox: true,
            councils: [("hampshire".to_owned(), hampshire)].into(),
            public_url: Some("https://permits.example.gov.uk".to_owned()),
            ..PaymentSettings::default()
        }),
        ..Options::default()
    })
    .await;
    let resident = app.resident("hampshire", "webhook@example.org").await;
    let order = resident
        .start_purchase(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("order made");
    assert_eq!(
        order.next_url.as_deref(),
        Some("https://card.payments.service.gov.uk/secure/1")
    );
    let hook = format!("{}/api/v1/councils/hampshire/payments/webhook", app.url);
    let body = json!({
        "webhook_message_id": "123abc", "api_version": 1, "created_date": "2026-06-15T10:00:00.000Z",
        "resource_id": PAYMENT_ID, "resource_type": "payment", "event_type": "card_payment_succeeded",
        "resource": {"payment_id": PAYMENT_ID, "state": {"status": "success", "finished": true}}
    })
    .to_string();
    let send = |signature: Option<String>, url: String| {
        let body = body.clone();
        async move {
            let mut request = reqwest::Client::new().post(url).body(body);
            if let Some(signature) = signature {
                request = request.header("Pay-Signature", signature);
            }
            request.send().await.expect("answered").status().as_u16()
        }
    };
    assert_eq!(send(None, hook.clone()).await, 401);
    assert_eq!(send(Some(signed("another body")), hook.clone()).await, 401);
    let leicester = format!("{}/api/v1/councils/leicester/payments/webhook", app.url);
    assert_eq!(
        send(Some(signed(&body)), leicester).await,
        404,
        "no secret, no webhook"
    );
    assert_eq!(app.order_state(&order.id).await, "awaiting_payment");
    // Signed, but GOV.UK Pay says the payer is still on the page: the body is not believed.
    *status.lock().expect("status") = "started";
    assert_eq!(send(Some(signed(&body)), hook.clone()).await, 200);
    assert_eq!(app.order_state(&order.id).await, "awaiting_payment");
    *status.lock().expect("status") = "success";
    assert_eq!(send(Some(signed(&body)), hook.clone()).await, 200);
    assert_eq!(app.order_state(&order.id).await, "paid");
    assert_eq!(
        send(Some(signed(&body)), hook).await,
        200,
        "a repeat changes nothing"
    );
    assert_eq!(app.count("bundles").await, 1);
    let read = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(read.receipt.expect("issued").payment.amount_pence, 1500);
}
