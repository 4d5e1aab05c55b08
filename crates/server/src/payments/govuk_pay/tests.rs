//! The adapter against a fake GOV.UK Pay on loopback: the exact requests it sends (method,
//! path, bearer key, JSON body) and how it reads the documented replies, failures included.

use super::*;
use crate::error::ApiError;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method as HttpMethod, StatusCode as HttpStatus, Uri};
use axum::response::IntoResponse;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

const KEY: &str = "api_test_k3y-of-this-council";

#[derive(Debug, Clone, PartialEq)]
struct Seen {
    method: String,
    path: String,
    authorization: Option<String>,
    idempotency_key: Option<String>,
    body: Option<Value>,
}

#[derive(Debug, Default)]
struct Script {
    replies: VecDeque<(u16, Value, Duration)>,
    seen: Vec<Seen>,
}

/// A fake GOV.UK Pay: records every request and answers with the next scripted reply.
struct FakePay {
    script: Arc<Mutex<Script>>,
    base_url: String,
}

impl FakePay {
    async fn start() -> Self {
        let script = Arc::new(Mutex::new(Script::default()));
        let shared = script.clone();
        let app = axum::Router::new().fallback(
            move |method: HttpMethod, uri: Uri, headers: HeaderMap, body: Bytes| {
                let script = shared.clone();
                async move {
                    let (status, reply, delay) = {
                        let mut script = script.lock().expect("script");
                        script.seen.push(Seen {
                            method: method.to_string(),
                            path: uri.path().to_owned(),
                            authorization: headers
                                .get("authorization")
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_owned),
                            idempotency_key: headers
                                .get("idempotency-key")
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_owned),
                            body: serde_json::from_slice(&body).ok(),
                        });
                        script.replies.pop_front().expect("a scripted reply")
                    };
                    tokio::time::sleep(delay).await;
                    (
                        HttpStatus::from_u16(status).expect("status"),
                        axum::Json(reply),
                    )
                        .into_response()
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { script, base_url }
    }

    fn reply(&self, status: u16, body: Value) -> &Self {
        self.reply_after(status, body, Duration::ZERO)
    }

    fn reply_after(&self, status: u16, body: Value, delay: Duration) -> &Self {
        let mut script = self.script.lock().expect("script");
        script.replies.push_back((status, body, delay));
        self
    }

    fn seen(&self) -> Vec<Seen> {
        self.script.lock().expect("script").seen.clone()
    }

    fn adapter(&self, timeout: Duration) -> GovukPay {
        GovukPay::new(GovukPaySettings {
            api_key: Secret::new(KEY),
            base_url: self.base_url.clone(),
            timeout,
            webhook_secret: None,
            recurring: false,
        })
        .expect("client")
    }
}

fn bearer() -> Option<String> {
    Some(format!("Bearer {KEY}"))
}

/// A payment as GOV.UK Pay's API reference shows it (the fields the adapter reads, and some
/// it does not).
fn payment_reply(status: &str, finished: bool, code: Option<&str>, available: u64) -> Value {
    let mut state = json!({ "status": status, "finished": finished });
    if let Some(code) = code {
        state["code"] = json!(code);
        state["message"] = json!("Payment method rejected");
    }
    json!({
        "amount": 1500,
        "description": "10 visitor permits",
        "reference": "ord_abc",
        "language": "en",
        "payment_id": "hu20sqlact5260q2nanm0q8u93",
        "payment_provider": "worldpay",
        "state": state,
        "refund_summary": { "status": "available", "amount_available": available, "amount_submitted": 0 },
        "created_date": "2026-11-30T20:00:00.000Z",
        "_links": {
            "self": { "href": "https://publicapi.payments.service.gov.uk/v1/payments/hu20sqlact5260q2nanm0q8u93", "method": "GET" },
            "next_url": { "href": "https://card.payments.service.gov.uk/secure/ef1b6ff1", "method": "GET" }
        }
    })
}

fn new_payment() -> NewPayment<'static> {
    NewPayment {
        amount: Pence(1500),
        reference: "ord_abc",
        description: "10 visitor permits",
        return_url: "https://permits.example.org/pay/return/ord_abc",
        set_up_agreement: None,
    }
}

#[tokio::test]
async fn create_sends_the_documented_request_and_returns_the_hosted_page() {
    let fake = FakePay::start().await;
    fake.reply(201, payment_reply("created", false, None, 0));
    let created = fake
        .adapter(DEFAULT_TIMEOUT)
        .create_payment(&new_payment())
        .await
        .expect("created");
    assert_eq!(
        created,
        CreatedPayment {
            payment_id: "hu20sqlact5260q2nanm0q8u93".to_owned(),
            state: PaymentState::Created,
            next_url: Some("https://card.payments.service.gov.uk/secure/ef1b6ff1".to_owned()),
        }
    );
    assert_eq!(
        fake.seen(),
        vec![Seen {
            method: "POST".to_owned(),
            path: "/v1/payments".to_owned(),
            authorization: bearer(),
            idempotency_key: None,
            body: Some(json!({
                "amount": 1500,
                "reference": "ord_abc",
                "description": "10 visitor permits",
                "return_url": "https://permits.example.org/pay/return/ord_abc",
            })),
        }]
    );
}

#[tokio::test]
async fn every_documented_state_is_read_with_its_finished_flag_and_code() {
    let fake = FakePay::start().await;
    let cases = [
        ("created", false, None, PaymentState::Created),
        ("started", false, None, PaymentState::Started),
        ("submitted", false, None, PaymentState::Submitted),
        ("success", true, None, PaymentState::Success),
        ("failed", true, Some("P0010"), PaymentState::Failed),
        ("failed", true, Some("P0020"), PaymentState::Failed),
        ("failed", true, Some("P0030"), PaymentState::Failed),
        ("cancelled", true, Some("P0040"), PaymentState::Cancelled),
        ("error", true, Some("P0050"), PaymentState::Error),
    ];
    for (status, finished, code, _) in cases {
        let available = if status == "success" { 1500 } else { 0 };
        fake.reply(200, payment_reply(status, finished, code, available));
    }
    let pay = fake.adapter(DEFAULT_TIMEOUT);
    for (status, finished, code, state) in cases {
        let read = pay
            .payment_status("hu20sqlact5260q2nanm0q8u93")
            .await
            .expect(status);
        assert_eq!(read.state, state, "{status}");
        assert_eq!(read.finished, finished, "{status}");
        assert_eq!(read.finished, state.is_final(), "{status}");
        assert_eq!(read.code.as_deref(), code, "{status}");
    }
    let seen = fake.seen();
    assert_eq!(seen.len(), cases.len());
    assert!(seen.iter().all(|s| s.method == "GET"
        && s.path == "/v1/payments/hu20sqlact5260q2nanm0q8u93"
        && s.authorization == bearer()
        && s.body.is_none()));
}

#[tokio::test]
async fn a_5xx_on_create_is_unavailable_and_the_client_never_sees_the_providers_body() {
    let fake = FakePay::start().await;
    let body = json!({ "code": "P0999", "description": "GOV.UK Pay is unavailable: node pay-7 secret detail" });
    fake.reply(503, body);
    let error = fake
        .adapter(DEFAULT_TIMEOUT)
        .create_payment(&new_payment())
        .await
        .expect_err("unavailable");
    assert_eq!(error, ProviderError::Unavailable);
    let api = ApiError::from(error);
    assert!(matches!(
        api,
        ApiError::Payment {
            code: "payment_provider_unavailable",
            ..
        }
    ));
    let response = api.into_response();
    let bytes = axum::body::to_bytes(response.into_body(), 10_000)
        .await
        .expect("body");
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("pay-7") && !text.contains("P0999"), "{text}");
}

#[tokio::test]
async fn a_refused_key_or_an_unknown_payment_is_told_apart_from_an_outage() {
    let fake = FakePay::start().await;
    fake.reply(401, json!({ "code": "P0920", "description": "Credentials are required" }))
        .reply(404, json!({ "code": "P0200", "description": "Not found" }))
        .reply(422, json!({ "code": "P0102", "field": "amount", "description": "Invalid attribute value: amount" }));
    let pay = fake.adapter(DEFAULT_TIMEOUT);
    let refused = pay.create_payment(&new_payment()).await.expect_err("401");
    assert_eq!(refused, ProviderError::Refused { status: 401 });
    assert!(matches!(ApiError::from(refused), ApiError::Internal(_)));
    assert_eq!(
        pay.payment_status("nosuchpayment1").await,
        Err(ProviderError::NotFound)
    );
    assert_eq!(
        pay.create_payment(&new_payment()).await,
        Err(ProviderError::Refused { status: 422 })
    );
    // An id that could change the path is never sent.
    assert_eq!(
        pay.payment_status("../v1/agreements").await,
        Err(ProviderError::NotFound)
    );
    assert_eq!(fake.seen().len(), 3);
}

#[tokio::test]
async fn a_provider_slower_than_the_timeout_is_unavailable_without_waiting_for_it() {
    let fake = FakePay::start().await;
    fake.reply_after(
        200,
        payment_reply("success", true, None, 1500),
        Duration::from_secs(5),
    );
    let started = std::time::Instant::now();
    let result = fake
        .adapter(Duration::from_millis(300))
        .payment_status("hu20sqlact5260q2nanm0q8u93")
        .await;
    assert_eq!(result, Err(ProviderError::Unavailable));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn avp_4_a_refund_is_checked_against_what_is_still_available_and_sends_it() {
    let fake = FakePay::start().await;
    fake.reply(200, payment_reply("success", true, None, 1500))
        .reply(
            202,
            json!({ "refund_id": "j6se0f2o427g28g8yg3u3i", "amount": 1000, "status": "submitted", "created_date": "2026-11-30T20:10:00.000Z" }),
        )
        .reply(200, payment_reply("success", true, None, 500));
    let pay = fake.adapter(DEFAULT_TIMEOUT);
    let refund = pay
        .refund("hu20sqlact5260q2nanm0q8u93", Pence(1000))
        .await
        .expect("refunded");
    assert_eq!(
        refund,
        Refund {
            refund_id: "j6se0f2o427g28g8yg3u3i".to_owned(),
            state: RefundState::Submitted,
        }
    );
    // Only £5 is left: asking for £10 is refused here and never sent.
    assert_eq!(
        pay.refund("hu20sqlact5260q2nanm0q8u93", Pence(1000)).await,
        Err(ProviderError::RefundTooLarge {
            available: Pence(500)
        })
    );
    let seen = fake.seen();
    let paths: Vec<_> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        vec![
            ("GET", "/v1/payments/hu20sqlact5260q2nanm0q8u93"),
            ("POST", "/v1/payments/hu20sqlact5260q2nanm0q8u93/refunds"),
            ("GET", "/v1/payments/hu20sqlact5260q2nanm0q8u93"),
        ]
    );
    assert_eq!(seen[1].authorization, bearer());
    assert_eq!(
        seen[1].body,
        Some(json!({ "amount": 1000, "refund_amount_available": 1500 }))
    );
    assert!(matches!(
        ApiError::from(ProviderError::RefundTooLarge {
            available: Pence(500)
        }),
        ApiError::Conflict {
            code: "refund_exceeds_available",
            ..
        }
    ));
}

#[tokio::test]
async fn rp_6_an_agreement_is_set_up_with_a_payment_and_charged_with_no_payer_present() {
    let fake = FakePay::start().await;
    fake.reply(201, json!({ "agreement_id": "cgc1ocvh0pt9fqs0ma67r42l58", "reference": "res_1", "status": "created" }))
        .reply(201, payment_reply("created", false, None, 0))
        .reply(201, {
            let mut reply = payment_reply("submitted", false, None, 0);
            reply["_links"] = json!({});
            reply
        });
    let pay = fake.adapter(DEFAULT_TIMEOUT);
    let agreement = pay
        .create_agreement("res_1", "Auto-renewal of your resident permit", "res_1")
        .await
        .expect("agreement");
    assert_eq!(agreement, "cgc1ocvh0pt9fqs0ma67r42l58");
    let first = NewPayment {
        set_up_agreement: Some(&agreement),
        ..new_payment()
    };
    pay.create_payment(&first).await.expect("first payment");
    let renewal = pay
        .charge_agreement(&AgreementCharge {
            agreement_id: &agreement,
            amount: Pence(7000),
            reference: "ord_renew",
            description: "Resident permit renewal",
            idempotency_key: "ren_1-attempt",
        })
        .await
        .expect("charged");
    assert_eq!(renewal.state, PaymentState::Submitted);
    assert_eq!(
        renewal.next_url, None,
        "no payer page for an agreement charge"
    );
    let seen = fake.seen();
    assert_eq!(seen[0].path, "/v1/agreements");
    assert_eq!(
        seen[0].body,
        Some(
            json!({ "reference": "res_1", "description": "Auto-renewal of your resident permit", "user_identifier": "res_1" })
        )
    );
    assert_eq!(
        seen[1]
            .body
            .as_ref()
            .and_then(|b| b.get("set_up_agreement")),
        Some(&json!(agreement))
    );
    assert_eq!(
        seen[2].body,
        Some(json!({
            "amount": 7000,
            "reference": "ord_renew",
            "description": "Resident permit renewal",
            "agreement_id": "cgc1ocvh0pt9fqs0ma67r42l58",
            "authorisation_mode": "agreement",
        }))
    );
    assert!(
        seen.iter()
            .all(|s| s.method == "POST" && s.authorization == bearer())
    );
    assert_eq!(seen[2].idempotency_key.as_deref(), Some("ren_1-attempt"));
    assert_eq!(seen[1].idempotency_key, None);
}

/// An agreement as GOV.UK Pay's "get information about a single agreement" shows it.
fn agreement_reply(status: &str) -> Value {
    let mut reply = json!({
        "agreement_id": "cgc1ocvh0pt9fqs0ma67r42l58",
        "reference": "pmt_1",
        "description": "Automatic renewal of your resident permit",
        "status": status,
        "user_identifier": "res_1",
        "created_date": "2026-11-30T20:00:00.000Z",
    });
    if status == "active" {
        reply["payment_instrument"] = json!({
            "type": "card",
            "card_details": { "card_brand": "Visa", "card_type": "debit", "last_digits_card_number": "4242", "expiry_date": "04/29" }
        });
    }
    if status == "cancelled" {
        reply["cancelled_date"] = json!("2026-12-01T09:00:00.000Z");
    }
    reply
}

fn recurring(key: &str) -> AgreementCharge<'_> {
    AgreementCharge {
        agreement_id: "cgc1ocvh0pt9fqs0ma67r42l58",
        amount: Pence(7000),
        reference: "ren_1",
        description: "Automatic renewal",
        idempotency_key: key,
    }
}

#[tokio::test]
async fn rp_6_an_agreement_is_read_by_its_documented_status_and_cancelled_with_a_204() {
    let fake = FakePay::start().await;
    for status in ["created", "active", "cancelled", "expired", "inactive"] {
        fake.reply(200, agreement_reply(status));
    }
    fake.reply(200, agreement_reply("suspended"))
        .reply(204, Value::Null)
        .reply(
            400,
            json!({ "code": "P2501", "description": "Cancellation of agreement failed" }),
        )
        .reply(404, json!({ "code": "P2500", "description": "Not found" }));
    let pay = fake.adapter(DEFAULT_TIMEOUT);
    let id = "cgc1ocvh0pt9fqs0ma67r42l58";
    for state in [
        AgreementState::Created,
        AgreementState::Active,
        AgreementState::Cancelled,
        AgreementState::Expired,
        AgreementState::Inactive,
    ] {
        assert_eq!(pay.agreement_status(id).await, Ok(state));
    }
    assert_eq!(pay.agreement_status(id).await, Err(ProviderError::BadReply));
    pay.cancel_agreement(id).await.expect("cancelled");
    assert_eq!(
        pay.cancel_agreement(id).await,
        Err(ProviderError::Refused { status: 400 }),
        "only an active agreement can be cancelled"
    );
    assert_eq!(pay.cancel_agreement(id).await, Err(ProviderError::NotFound));
    assert_eq!(
        pay.cancel_agreement("../payments").await,
        Err(ProviderError::NotFound),
        "an id that is not GOV.UK Pay's is never sent"
    );
    let seen = fake.seen();
    assert_eq!(seen.len(), 9);
    assert!(seen[..6].iter().all(|s| s.method == "GET"
        && s.path == "/v1/agreements/cgc1ocvh0pt9fqs0ma67r42l58"
        && s.authorization == bearer()));
    assert!(seen[6..].iter().all(|s| s.method == "POST"
        && s.path == "/v1/agreements/cgc1ocvh0pt9fqs0ma67r42l58/cancel"
        && s.body.is_none()));
}

#[tokio::test]
async fn rp_6_a_declined_recurring_payment_reads_as_failed_p0010_and_a_5xx_or_a_timeout_is_retried_with_the_same_key()
 {
    let fake = FakePay::start().await;
    let mut created = payment_reply("created", false, None, 0);
    created["_links"] = json!({});
    created["authorisation_mode"] = json!("agreement");
    fake.reply(
        500,
        json!({ "code": "P0198", "description": "Downstream system error" }),
    )
    .reply_after(201, created.clone(), Duration::from_secs(5))
    // The same key and body again: GOV.UK Pay answers 200 with the payment already made.
    .reply(200, created)
    .reply(200, {
        let mut failed = payment_reply("failed", true, Some("P0010"), 0);
        failed["state"]["can_retry"] = json!(true);
        failed
    })
    .reply(
        400,
        json!({ "code": "P0102", "field": "agreement_id", "description": "Invalid attribute value: agreement_id. Agreement must be active" }),
    );
    let pay = fake.adapter(Duration::from_millis(300));
    let charge = recurring("ren_1-1");
    assert_eq!(
        pay.charge_agreement(&charge).await,
        Err(ProviderError::Unavailable)
    );
    assert_eq!(
        pay.charge_agreement(&charge).await,
        Err(ProviderError::Unavailable),
        "timed out"
    );
    let made = pay.charge_agreement(&charge).await.expect("the payment");
    assert_eq!(made.payment_id, "hu20sqlact5260q2nanm0q8u93");
    assert_eq!(made.next_url, None);
    let status = pay.payment_status(&made.payment_id).await.expect("read");
    assert_eq!(
        (status.state, status.code.as_deref()),
        (PaymentState::Failed, Some("P0010"))
    );
    assert_eq!(
        pay.charge_agreement(&recurring("ren_1-2")).await,
        Err(ProviderError::Refused { status: 400 }),
        "a cancelled agreement cannot be charged"
    );
    let seen = fake.seen();
    let keys: Vec<_> = seen.iter().map(|s| s.idempotency_key.as_deref()).collect();
    assert_eq!(
        keys,
        vec![
            Some("ren_1-1"),
            Some("ren_1-1"),
            Some("ren_1-1"),
            None,
            Some("ren_1-2")
        ]
    );
    assert!(
        seen[..3].iter().all(|s| s.body == seen[0].body
            && s.body
                .as_ref()
                .is_some_and(|b| b.get("return_url").is_none())),
        "a retry sends the same body, without a return_url"
    );
}

#[test]
fn the_api_key_never_shows_in_debug() {
    let pay = GovukPay::new(GovukPaySettings {
        api_key: Secret::new(KEY),
        base_url: DEFAULT_BASE_URL.to_owned(),
        timeout: DEFAULT_TIMEOUT,
        webhook_secret: None,
        recurring: false,
    })
    .expect("client");
    assert!(!format!("{pay:?}").contains("k3y"));
}

#[tokio::test]
async fn rate_limiting_is_an_outage_and_an_unknown_state_is_an_unreadable_reply() {
    let fake = FakePay::start().await;
    fake.reply(
        429,
        json!({ "code": "P0900", "description": "Too many requests" }),
    )
    .reply(200, payment_reply("teleported", true, None, 0))
    .reply(200, json!({ "payment_id": "hu20sqlact5260q2nanm0q8u93" }));
    let pay = fake.adapter(DEFAULT_TIMEOUT);
    let id = "hu20sqlact5260q2nanm0q8u93";
    assert_eq!(
        pay.payment_status(id).await,
        Err(ProviderError::Unavailable)
    );
    assert_eq!(pay.payment_status(id).await, Err(ProviderError::BadReply));
    assert_eq!(pay.payment_status(id).await, Err(ProviderError::BadReply));
    assert!(matches!(
        ApiError::from(ProviderError::BadReply),
        ApiError::Internal(_)
    ));
}

#[tokio::test]
async fn cancel_posts_to_the_payments_cancel_path_and_a_finished_payment_is_refused() {
    let fake = FakePay::start().await;
    // 204 No Content when cancelled; 400 once the payment has finished.
    fake.reply(204, Value::Null).reply(
        400,
        json!({ "code": "P0501", "description": "Cancellation of payment failed" }),
    );
    let pay = fake.adapter(DEFAULT_TIMEOUT);
    pay.cancel_payment("hu20sqlact5260q2nanm0q8u93")
        .await
        .expect("cancelled");
    assert_eq!(
        pay.cancel_payment("hu20sqlact5260q2nanm0q8u93").await,
        Err(ProviderError::Refused { status: 400 })
    );
    let seen = fake.seen();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(
        seen[0].path,
        "/v1/payments/hu20sqlact5260q2nanm0q8u93/cancel"
    );
    assert_eq!(seen[0].authorization, bearer());
    assert_eq!(
        pay.cancel_payment("../agreements").await,
        Err(ProviderError::NotFound),
        "an id that is not GOV.UK Pay's is never sent"
    );
    assert_eq!(fake.seen().len(), 2);
}
