//! A fake GOV.UK Notify on loopback that follows the shapes its API documentation gives:
//! `POST /v2/notifications/email` and `/v2/notifications/sms`, a bearer JSON Web Token checked
//! as Notify checks it (HS256 signed with the key's secret, `iss` the service id, `iat` within
//! 30 seconds of its clock), the documented request fields, 201 with the notification, and the
//! documented error bodies (`{"status_code", "errors": [{"error", "message"}]}`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use permit_server::clock::Clock;
use serde_json::{Value, json};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// A request the fake took (signed correctly and well formed), whatever it answered.
#[derive(Debug, Clone)]
pub struct NotifyRequest {
    /// `email` or `sms`.
    pub channel: String,
    pub body: Value,
    /// The token's claims.
    pub iss: String,
    pub iat: i64,
}

/// What the fake does with one coming request instead of sending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// 403 `AuthError`, as for a revoked key.
    AuthError,
    /// 429 `RateLimitError`.
    RateLimit,
    /// 500 `Exception`.
    ServerError,
    /// No answer for this long.
    Hang(Duration),
}

#[derive(Debug)]
struct Fake {
    service_id: String,
    secret: String,
    /// Recipients Notify refuses with 400, as a team key's outside the team.
    refused: Vec<String>,
    trouble: Mutex<VecDeque<Trouble>>,
    requests: Mutex<Vec<NotifyRequest>>,
    clock: OnceLock<Arc<dyn Clock>>,
}

/// The fake service; serves until the test's runtime ends.
#[derive(Debug, Clone)]
pub struct FakeNotify {
    fake: Arc<Fake>,
    /// `http://127.0.0.1:<port>`: a server's `base_url`.
    pub base_url: String,
}

fn error(status: StatusCode, kind: &str, message: &str) -> (StatusCode, Json<Value>) {
    let body = json!({
        "status_code": status.as_u16(),
        "errors": [{ "error": kind, "message": message }],
    });
    (status, Json(body))
}

impl FakeNotify {
    /// Notify for the service `service_id` whose key's secret is `secret`.
    pub async fn start(service_id: &str, secret: &str, refused: &[&str]) -> Self {
        let fake = Arc::new(Fake {
            service_id: service_id.to_owned(),
            secret: secret.to_owned(),
            refused: refused.iter().map(|r| (*r).to_owned()).collect(),
            trouble: Mutex::default(),
            requests: Mutex::default(),
            clock: OnceLock::new(),
        });
        let app = axum::Router::new()
            .route("/v2/notifications/{channel}", axum::routing::post(notify))
            .with_state(fake.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("the fake GOV.UK Notify cannot listen on loopback: {e}"));
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { fake, base_url }
    }

    /// Checks tokens' `iat` against this clock (the server's test clock) instead of the
    /// system's.
    pub fn follow_clock(&self, clock: Arc<dyn Clock>) {
        let _ = self.fake.clock.set(clock);
    }

    /// The next requests meet these troubles, one each, before any is sent.
    pub fn trouble_ahead(&self, troubles: &[Trouble]) {
        self.fake
            .trouble
            .lock()
            .expect("lock")
            .extend(troubles.iter().copied());
    }

    /// Every request that passed the token check, in order.
    pub fn requests(&self) -> Vec<NotifyRequest> {
        self.fake.requests.lock().expect("lock").clone()
    }
}

/// The claims as Notify reads them; anything else in the token is ignored.
#[derive(Debug, serde::Deserialize)]
struct Claims {
    iss: String,
    iat: i64,
}

async fn notify(
    State(fake): State<Arc<Fake>>,
    Path(channel): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    let (recipient_field, sender_field) = match channel.as_str() {
        "email" => (
            "email_address",
            json!({ "from_email": "permits@notifications.service.gov.uk" }),
        ),
        "sms" => ("phone_number", json!({ "from_number": "GOVUK" })),
        _ => {
            return error(
                StatusCode::NOT_FOUND,
                "NotFound",
                "The requested URL was not found",
            );
        }
    };
    let claims = match check_token(&fake, &headers) {
        Ok(claims) => claims,
        Err(refusal) => return refusal,
    };
    for field in [recipient_field, "template_id"] {
        if !body[field].is_string() {
            let message = format!("{field} is a required property");
            return error(StatusCode::BAD_REQUEST, "ValidationError", &message);
        }
    }
    if !body["personalisation"].is_object() || !body["reference"].is_string() {
        let message = "personalisation and reference are expected as an object and a string";
        return error(StatusCode::BAD_REQUEST, "ValidationError", message);
    }
    fake.requests.lock().expect("lock").push(NotifyRequest {
        channel: channel.clone(),
        body: body.clone(),
        iss: claims.iss,
        iat: claims.iat,
    });
    let trouble = fake.trouble.lock().expect("lock").pop_front();
    match trouble {
        Some(Trouble::AuthError) => {
            let message = "Invalid token: API key not found";
            return error(StatusCode::FORBIDDEN, "AuthError", message);
        }
        Some(Trouble::RateLimit) => {
            let message = "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds";
            return error(StatusCode::TOO_MANY_REQUESTS, "RateLimitError", message);
        }
        Some(Trouble::ServerError) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Exception",
                "Internal server error",
            );
        }
        Some(Trouble::Hang(wait)) => tokio::time::sleep(wait).await,
        None => {}
    }
    let recipient = body[recipient_field].as_str().unwrap_or_default();
    if fake.refused.iter().any(|r| r == recipient) {
        let message = "Can't send to this recipient using a team-only API key";
        return error(StatusCode::BAD_REQUEST, "BadRequestError", message);
    }
    let template_id = body["template_id"].as_str().unwrap_or_default();
    let mut content = json!({ "body": body["personalisation"]["body"] });
    if let (Some(content), Some(sender)) = (content.as_object_mut(), sender_field.as_object()) {
        content.extend(sender.clone());
        if channel == "email" {
            content.insert("subject".into(), body["personalisation"]["subject"].clone());
        }
    }
    let id = format!(
        "bfb50d92-100d-4b8b-b559-{:012x}",
        fake.requests.lock().expect("lock").len()
    );
    let reply = json!({
        "id": id,
        "reference": body["reference"],
        "content": content,
        "uri": format!("https://api.notifications.service.gov.uk/v2/notifications/{id}"),
        "template": {
            "id": template_id,
            "version": 1,
            "uri": format!("https://api.notifications.service.gov.uk/v2/template/{template_id}"),
        },
    });
    (StatusCode::CREATED, Json(reply))
}

/// Notify's checks of the bearer token, with its answers.
fn check_token(fake: &Fake, headers: &HeaderMap) -> Result<Claims, (StatusCode, Json<Value>)> {
    let Some(header) = headers.get("authorization").and_then(|v| v.to_str().ok()) else {
        let message = "Unauthorized: authentication token must be provided";
        return Err(error(StatusCode::UNAUTHORIZED, "AuthError", message));
    };
    let Some(token) = header.strip_prefix("Bearer ") else {
        let message = "Unauthorized: authentication bearer scheme must be used";
        return Err(error(StatusCode::UNAUTHORIZED, "AuthError", message));
    };
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    // Notify's tokens carry no expiry: `iat` is checked against the clock instead.
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    let key = jsonwebtoken::DecodingKey::from_secret(fake.secret.as_bytes());
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|_| {
            error(
                StatusCode::FORBIDDEN,
                "AuthError",
                "Invalid token: signature, api token not found",
            )
        })?
        .claims;
    if claims.iss != fake.service_id {
        return Err(error(
            StatusCode::FORBIDDEN,
            "AuthError",
            "Invalid token: service not found",
        ));
    }
    let now = match fake.clock.get() {
        Some(clock) => clock.now().timestamp(),
        None => chrono::Utc::now().timestamp(),
    };
    if (claims.iat - now).abs() > 30 {
        let message = "Error: Your system clock must be accurate to within 30 seconds";
        return Err(error(StatusCode::FORBIDDEN, "AuthError", message));
    }
    Ok(claims)
}
