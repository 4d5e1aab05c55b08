//! The one client the back office's pages talk to: the server's JSON API over the browser's own
//! fetch (no reqwest: the browser has URL and header handling already), against the server
//! that served the page. The staff token lives in this tab's sessionStorage: a reload keeps
//! the member of staff logged in, closing the tab logs them out.
//!
//! `mod.rs` holds the transport; each area's calls are an `impl Office` in a file of their own
//! (`staff.rs`, `review.rs`), so a new page's calls go in a new file.

mod admin;
mod agent;
mod lookup;
mod review;
mod staff;

pub(crate) use agent::OpenCall;
pub(crate) use lookup::{AuditFilter, Paged, rfc3339};
pub(crate) use review::{Proof, QueuePage};

use permit_api_types::{API_PREFIX, ErrorBody};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const TOKEN_KEY: &str = "permit-office-session";

/// What went wrong with a request: the server's `{code, message, field}`, or no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) field: Option<String>,
    /// Seconds to wait, from `Retry-After` on a 429.
    pub(crate) retry_after: Option<u64>,
}

impl ApiError {
    fn new(code: &str, message: &str) -> Self {
        Self {
            status: 0,
            code: code.to_owned(),
            message: message.to_owned(),
            field: None,
            retry_after: None,
        }
    }

    /// The session ended (idle, expired, logged out elsewhere, or the member disabled).
    pub(crate) fn ends_session(&self) -> bool {
        self.status == 401
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// A finished request: its status, headers and body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: web_sys::Headers,
    pub(crate) body: Body,
}

pub(crate) enum Body {
    Text(String),
    Bytes(Vec<u8>),
}

/// The back office's client (cheap to create: one per call is fine).
#[derive(Debug, Clone, Default)]
pub(crate) struct Office;

impl Office {
    pub(crate) fn has_session(&self) -> bool {
        token().is_some()
    }

    pub(crate) fn forget_session(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(TOKEN_KEY);
        }
    }

    pub(crate) fn keep_session(&self, token: &str) {
        if let Some(storage) = storage() {
            // Private mode may refuse: the session then lasts until the next reload.
            let _ = storage.set_item(TOKEN_KEY, token);
        }
    }

    pub(crate) async fn get<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        decode(self.send("GET", path, None, false).await?)
    }

    pub(crate) async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        self.send_json("POST", path, body).await
    }

    pub(crate) async fn put<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        self.send_json("PUT", path, body).await
    }

    async fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        let json = serde_json::to_string(body)
            .map_err(|e| ApiError::new("bad_request", &e.to_string()))?;
        decode(self.send(method, path, Some(json), false).await?)
    }

    /// One request; an error status becomes the server's `{code, message, field}`.
    pub(crate) async fn send(
        &self,
        method: &str,
        path: &str,
        json: Option<String>,
        binary: bool,
    ) -> ApiResult<Answer> {
        let answer = fetch(method, path, json, binary).await.map_err(|_| {
            ApiError::new(
                "offline",
                "Cannot reach the permit service. Check the connection and try again.",
            )
        })?;
        if (200..300).contains(&answer.status) {
            return Ok(answer);
        }
        let text = match &answer.body {
            Body::Text(text) => text.as_str(),
            Body::Bytes(_) => "",
        };
        let body = serde_json::from_str::<ErrorBody>(text).unwrap_or_else(|_| ErrorBody {
            code: format!("http_{}", answer.status),
            message: format!("The service answered {}.", answer.status),
            field: None,
        });
        let retry_after = answer.headers.get("retry-after").ok().flatten();
        Err(ApiError {
            status: answer.status,
            code: body.code,
            message: body.message,
            field: body.field,
            retry_after: retry_after.and_then(|v| v.trim().parse().ok()),
        })
    }
}

/// `name=value&...`, each part percent-encoded.
pub(crate) fn query(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| String::from(js_sys::encode_uri_component(s));
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn decode<T: DeserializeOwned>(answer: Answer) -> ApiResult<T> {
    let text = match answer.body {
        Body::Text(text) if !text.is_empty() => text,
        // 202, 204 and empty bodies decode as `null` (for `()` results).
        _ => "null".to_owned(),
    };
    serde_json::from_str(&text).map_err(|e| ApiError::new("unexpected", &e.to_string()))
}

pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

fn token() -> Option<String> {
    storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten())
}

async fn fetch(
    method: &str,
    path: &str,
    json: Option<String>,
    binary: bool,
) -> Result<Answer, JsValue> {
    let headers = web_sys::Headers::new()?;
    if let Some(token) = token() {
        headers.set("authorization", &format!("Bearer {token}"))?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(json) = json {
        headers.set("content-type", "application/json")?;
        init.set_body(&JsValue::from_str(&json));
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or(JsValue::NULL)?;
    let url = format!("{API_PREFIX}{path}");
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await?
        .dyn_into()?;
    let status = response.status();
    let body = if binary && (200..300).contains(&status) {
        let buffer = JsFuture::from(response.array_buffer()?).await?;
        Body::Bytes(js_sys::Uint8Array::new(&buffer).to_vec())
    } else {
        let text = JsFuture::from(response.text()?).await?;
        Body::Text(text.as_string().unwrap_or_default())
    };
    Ok(Answer {
        status,
        headers: response.headers(),
        body,
    })
}
