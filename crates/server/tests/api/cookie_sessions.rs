//! REG-2, "keep me signed in on this device" (issue 19): a session in an `HttpOnly; Secure;
//! SameSite=Strict` cookie, accepted beside bearer tokens, whose writes need this host's
//! `Origin` and the session's CSRF token; logout clears it; its lifetimes; and the limit on
//! sessions per account. Driven over raw HTTP, as a browser would send it.

use crate::helpers::{TestApp, assert_refused, spawn_app};
use permit_client::types::{CookieSession, ErrorBody, SavedVehicle};
use permit_server::auth::{COOKIE_IDLE_TIMEOUT, COOKIE_LIFETIME, MAX_SESSIONS_PER_ACCOUNT};
use permit_test_support::refused::Refusal;
use reqwest::header::{COOKIE, ORIGIN, SET_COOKIE};
use serde_json::json;

const COOKIE_NAME: &str = permit_client::types::SESSION_COOKIE;
const CSRF: &str = permit_client::types::CSRF_HEADER;

/// A browser's side of one cookie session: the cookie it keeps and the CSRF token the page
/// holds.
#[derive(Debug)]
struct Device {
    http: reqwest::Client,
    url: String,
    origin: String,
    cookie: String,
    session: CookieSession,
    set_cookie: String,
}

/// A refused answer, for `assert_refused`.
#[derive(Debug)]
struct Answer {
    status: u16,
    body: ErrorBody,
}

impl Refusal for Answer {
    fn status_and_body(self) -> (u16, ErrorBody) {
        (self.status, self.body)
    }
}

async fn refused(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let body = response.json().await.expect("an error body");
    Answer { status, body }
}

fn set_cookie_of(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(SET_COOKIE)
        .expect("Set-Cookie")
        .to_str()
        .expect("ascii")
        .to_owned()
}

/// Registers `email` at Hampshire and logs in with "keep me signed in".
async fn device(app: &TestApp, email: &str) -> Device {
    app.register("hampshire", email).await;
    log_in_on_device(app, email).await
}

/// Logs an existing account in with the newest PIN sent to it, keeping the session in a cookie.
async fn log_in_on_device(app: &TestApp, email: &str) -> Device {
    let pin = app.latest_pin(email).await;
    let http = reqwest::Client::new();
    let origin = format!("http://127.0.0.1:{}", app.port);
    let response = http
        .post(format!("{}/api/v1/auth/cookie-session", app.url))
        .header(ORIGIN, &origin)
        .json(&json!({"council": "hampshire", "contact": email, "pin": pin}))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    let set_cookie = set_cookie_of(&response);
    let pair = set_cookie.split(';').next().expect("name=value").to_owned();
    let body: serde_json::Value = response.json().await.expect("json");
    assert!(body.get("token").is_none(), "no token in the body: {body}");
    let token = pair.split_once('=').expect("=").1;
    assert!(
        !body.to_string().contains(token),
        "the cookie's token never reaches the page"
    );
    Device {
        http,
        url: app.url.clone(),
        origin,
        cookie: pair,
        session: serde_json::from_value(body).expect("a CookieSession"),
        set_cookie,
    }
}

impl Device {
    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(format!("{}/api/v1{path}", self.url))
            .header(COOKIE, &self.cookie)
    }

    /// A write as the page makes it: cookie, this host's Origin and the CSRF token.
    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.bare_post(path)
            .header(ORIGIN, &self.origin)
            .header(CSRF, &self.session.csrf_token)
    }

    /// A write with only the cookie, as another site's page could make the browser send it.
    fn bare_post(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/api/v1{path}", self.url))
            .header(COOKIE, &self.cookie)
    }

    /// A read's JSON answer.
    async fn read<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        let response = self.get(path).send().await.expect("sent");
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("json")
    }

    async fn saved(&self) -> Vec<SavedVehicle> {
        self.read("/me/vehicles").await
    }

    async fn me_status(&self) -> u16 {
        self.get("/me")
            .send()
            .await
            .expect("sent")
            .status()
            .as_u16()
    }
}

fn vehicle(vrm: &str) -> serde_json::Value {
    json!({"vrm": vrm})
}

#[tokio::test]
async fn reg2_a_device_session_is_an_httponly_samesite_strict_cookie_with_no_token_in_the_body() {
    let app = spawn_app().await;
    let device = device(&app, "cookie@example.org").await;
    let attributes: Vec<String> = device
        .set_cookie
        .split(';')
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(device.cookie.starts_with(&format!("{COOKIE_NAME}=")));
    assert_eq!(
        device.cookie.len(),
        COOKIE_NAME.len() + 1 + 64,
        "256 bits, hex"
    );
    for wanted in ["httponly", "secure", "samesite=strict", "path=/"] {
        assert!(
            attributes.iter().any(|a| a == wanted),
            "{wanted} in {}",
            device.set_cookie
        );
    }
    let max_age = format!("max-age={}", COOKIE_LIFETIME.num_seconds());
    assert!(attributes.contains(&max_age), "{}", device.set_cookie);
    assert!(!attributes.iter().any(|a| a.starts_with("domain")));
    assert_eq!(
        device.session.idle_timeout_seconds,
        COOKIE_IDLE_TIMEOUT.num_seconds()
    );
    assert_eq!(device.session.csrf_token.len(), 64);
}

#[tokio::test]
async fn reg2_the_cookie_alone_reads_and_a_reopened_page_gets_its_csrf_token_back() {
    let app = spawn_app().await;
    let device = device(&app, "reads@example.org").await;
    let me: serde_json::Value = device.read("/me").await;
    assert_eq!(me["email"], "reads@example.org");
    // A new tab has no storage: it asks the server for the session behind its cookie.
    let again: CookieSession = device.read("/auth/cookie-session").await;
    assert_eq!(again, device.session);
    // Without the cookie there is nothing to find.
    let anonymous = device
        .http
        .get(format!("{}/api/v1/auth/cookie-session", device.url))
        .send()
        .await
        .expect("sent");
    assert_refused(refused(anonymous).await, 401, "unauthorized", None);
}

#[tokio::test]
async fn reg2_a_cookie_write_without_the_csrf_token_or_this_origin_is_refused() {
    let app = spawn_app().await;
    let device = device(&app, "csrf@example.org").await;
    let this_site = Some(device.origin.as_str());
    let token = Some(device.session.csrf_token.clone());
    let wrong_token = Some("0".repeat(64));
    let forged = [
        (this_site, None, "csrf_token_invalid", CSRF),
        (this_site, wrong_token, "csrf_token_invalid", CSRF),
        (None, token.clone(), "origin_refused", "origin"),
        (
            Some("https://attacker.example"),
            token,
            "origin_refused",
            "origin",
        ),
    ];
    for (origin, csrf, code, field) in forged {
        let mut request = device.bare_post("/me/vehicles").json(&vehicle("AB12CDE"));
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        if let Some(csrf) = csrf {
            request = request.header(CSRF, csrf);
        }
        let response = request.send().await.expect("sent");
        assert_refused(refused(response).await, 403, code, field);
    }
    assert!(
        device.saved().await.is_empty(),
        "no refused write was stored"
    );

    let made = device
        .post("/me/vehicles")
        .json(&vehicle("AB12CDE"))
        .send()
        .await
        .expect("sent");
    assert_eq!(made.status(), 201, "with the token and this Origin");
    assert_eq!(device.saved().await.len(), 1);
}

#[tokio::test]
async fn reg2_bearer_writes_need_no_csrf_token_and_tokens_work_only_as_issued() {
    let app = spawn_app().await;
    let device = device(&app, "both@example.org").await;
    let bearer = app
        .resident_logged_in("hampshire", "both@example.org")
        .await;
    let token = bearer.token().expect("a bearer token").to_owned();
    // A bearer write: no Origin, no CSRF token, as the app and scripts send it.
    let made = reqwest::Client::new()
        .post(format!("{}/api/v1/me/vehicles", app.url))
        .bearer_auth(&token)
        .json(&vehicle("XY34ZZZ"))
        .send()
        .await
        .expect("sent");
    assert_eq!(made.status(), 201);
    // The cookie's token is no bearer token (that would skip the CSRF check) ...
    let cookie_token = device.cookie.split_once('=').expect("=").1;
    let as_bearer = app.client.with_token(cookie_token).me().await;
    assert_refused(as_bearer, 401, "unauthorized", None);
    // ... nor is a bearer token a cookie.
    let as_cookie = reqwest::Client::new()
        .get(format!("{}/api/v1/me", app.url))
        .header(COOKIE, format!("{COOKIE_NAME}={token}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(as_cookie.status(), 401);
    assert_eq!(device.me_status().await, 200);
    bearer.me().await.expect("the bearer session still works");
}

#[tokio::test]
async fn reg2_logging_in_to_a_device_session_needs_this_origin() {
    let app = spawn_app().await;
    app.register("hampshire", "login-csrf@example.org").await;
    let pin = app.latest_pin("login-csrf@example.org").await;
    let body = json!({"council": "hampshire", "contact": "login-csrf@example.org", "pin": pin});
    for origin in [None, Some("https://attacker.example")] {
        let mut request = reqwest::Client::new()
            .post(format!("{}/api/v1/auth/cookie-session", app.url))
            .json(&body);
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        let response = request.send().await.expect("sent");
        assert!(response.headers().get(SET_COOKIE).is_none());
        assert_refused(refused(response).await, 403, "origin_refused", "origin");
    }
    // The PIN was not spent by the refused attempts.
    log_in_on_device(&app, "login-csrf@example.org").await;
}

fn clears_the_cookie(set_cookie: &str) {
    let lower = set_cookie.to_ascii_lowercase();
    assert!(
        set_cookie.starts_with(&format!("{COOKIE_NAME}=;")) && lower.contains("max-age=0"),
        "clears the cookie: {set_cookie}"
    );
    assert!(lower.contains("path=/") && lower.contains("secure"));
}

#[tokio::test]
async fn reg2_logout_clears_the_cookie_and_ends_the_session() {
    let app = spawn_app().await;
    let device = device(&app, "logout@example.org").await;
    let forged = device
        .bare_post("/auth/logout")
        .header(ORIGIN, &device.origin)
        .send()
        .await
        .expect("sent");
    assert_refused(refused(forged).await, 403, "csrf_token_invalid", CSRF);
    assert_eq!(
        device.me_status().await,
        200,
        "a forged logout ends nothing"
    );

    let logout = device.post("/auth/logout").send().await.expect("sent");
    assert_eq!(logout.status(), 204);
    clears_the_cookie(&set_cookie_of(&logout));
    // A browser that kept the cookie anyway is refused, and told again to drop it.
    let after = device.get("/me").send().await.expect("sent");
    assert_eq!(after.status(), 401);
    clears_the_cookie(&set_cookie_of(&after));
}

#[tokio::test]
async fn reg2_log_out_everywhere_ends_cookie_sessions_and_clears_the_cookie() {
    let app = spawn_app().await;
    let phone = device(&app, "everywhere@example.org").await;
    app.client
        .request_pin("hampshire", "everywhere@example.org")
        .await
        .expect("pin");
    let laptop = log_in_on_device(&app, "everywhere@example.org").await;
    let bearer = app
        .resident_logged_in("hampshire", "everywhere@example.org")
        .await;
    let everywhere = laptop.post("/auth/logout-all").send().await.expect("sent");
    assert_eq!(everywhere.status(), 204);
    clears_the_cookie(&set_cookie_of(&everywhere));
    assert_eq!(phone.me_status().await, 401);
    assert_eq!(laptop.me_status().await, 401);
    assert_refused(bearer.me().await, 401, "unauthorized", None);
}

#[tokio::test]
async fn reg2_a_device_session_ends_after_seven_idle_days_or_thirty_days_in_all() {
    let app = spawn_app().await;
    let idle = device(&app, "idle@example.org").await;
    let week = COOKIE_IDLE_TIMEOUT.num_seconds();
    // Exactly seven days unused still works (as "exactly 30 minutes" does for bearer tokens).
    app.client.advance_clock(week).await.expect("clock");
    assert_eq!(idle.me_status().await, 200);
    app.client.advance_clock(week + 1).await.expect("clock");
    assert_eq!(idle.me_status().await, 401, "a week and a second unused");

    // Used every six days, a session still ends 30 days after login.
    let busy = device(&app, "busy@example.org").await;
    let six_days = 6 * 86_400;
    let mut elapsed = 0;
    while elapsed + six_days < COOKIE_LIFETIME.num_seconds() {
        app.client.advance_clock(six_days).await.expect("clock");
        elapsed += six_days;
        assert_eq!(busy.me_status().await, 200, "{elapsed} s after login");
    }
    app.client
        .advance_clock(COOKIE_LIFETIME.num_seconds() - elapsed + 1)
        .await
        .expect("clock");
    assert_eq!(busy.me_status().await, 401, "30 days after login");
}

#[tokio::test]
async fn reg2_an_account_keeps_its_twenty_latest_sessions() {
    let app = spawn_app().await;
    let email = "many@example.org";
    let first = device(&app, email).await;
    let mut devices = Vec::new();
    for _ in 1..MAX_SESSIONS_PER_ACCOUNT {
        // Within the PIN request limits (5 an hour per contact).
        app.client.advance_clock(13 * 60).await.expect("clock");
        app.client
            .request_pin("hampshire", email)
            .await
            .expect("pin");
        devices.push(log_in_on_device(&app, email).await);
    }
    app.client.advance_clock(13 * 60).await.expect("clock");
    app.client
        .request_pin("hampshire", email)
        .await
        .expect("pin");
    let newest = log_in_on_device(&app, email).await;
    assert_eq!(newest.me_status().await, 200);
    for device in &devices {
        assert_eq!(device.me_status().await, 200);
    }
    // Twenty sessions were allowed; the 21st login ended the least recently used.
    assert_eq!(
        first.me_status().await,
        401,
        "the 21st login ended the oldest"
    );
}
