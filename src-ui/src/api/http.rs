//! JSON over the browser's own `fetch`, for the browser transport: the same requests,
//! bodies and error handling as `permit-client`, without reqwest. reqwest's URL, header and
//! Unicode (IDNA) machinery was about 60 KB of the gzipped web build; the browser already
//! has all of it.

use super::ApiResult;
use crate::model::ApiError;
use permit_api_types::ErrorBody;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// One server, optionally with a session token (sent as `Authorization: Bearer`) or, for a
/// "keep me signed in" session, the CSRF token its cookie's writes need (issue 19).
#[derive(Debug)]
pub(super) struct Http {
    base: String,
    token: Option<String>,
    csrf: Option<String>,
}

/// What a request carries.
pub(super) enum Body<'a> {
    Empty,
    Json(String),
    Bytes {
        content_type: &'a str,
        bytes: Vec<u8>,
    },
}

impl<'a> Body<'a> {
    pub(super) fn json<B: Serialize + ?Sized>(body: &B) -> ApiResult<Self> {
        serde_json::to_string(body)
            .map(Self::Json)
            .map_err(|e| ApiError::new("bad_request", &e.to_string()))
    }
}

/// `name=value&...`, each part percent-encoded as a URL query.
pub(super) fn query(pairs: &[(&str, &str)]) -> String {
    let encode = |s: &str| String::from(js_sys::encode_uri_component(s));
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// An error status's `{code, message, field}` and `Retry-After`; anything in front of the
/// server (a proxy, a gateway) may answer without our JSON.
fn refusal(status: u16, retry_after: Option<String>, text: &str) -> ApiError {
    let body = serde_json::from_str::<ErrorBody>(text).unwrap_or_else(|_| ErrorBody {
        code: format!("http_{status}"),
        message: format!("HTTP {status}"),
        field: None,
    });
    ApiError {
        retry_after: retry_after.and_then(|v| v.trim().parse().ok()),
        ..ApiError::from(body)
    }
}

/// A success body as `T`; 204 and empty bodies decode as JSON `null` (for `()` results).
fn decode<T: DeserializeOwned>(text: &str) -> ApiResult<T> {
    let text = if text.is_empty() { "null" } else { text };
    serde_json::from_str(text).map_err(|e| ApiError::new("unexpected", &e.to_string()))
}

impl Http {
    /// `base` like `http://127.0.0.1:8080` (no trailing slash needed).
    pub(super) fn new(base: &str, token: Option<String>) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            token,
            csrf: None,
        }
    }

    /// An error answer; a session that has ended without a bearer token was this device's
    /// cookie session (the server cleared the cookie), so this page forgets it too. Either
    /// way the offline copy of the ended session is wiped (issue 19).
    fn refused(&self, status: u16, retry_after: Option<String>, text: &str) -> ApiError {
        let error = refusal(status, retry_after, text);
        if error.ends_session() {
            if self.token.is_none() {
                super::browser::forget_device_session();
            }
            wasm_bindgen_futures::spawn_local(super::offline::wipe());
        }
        error
    }

    /// Sends `csrf` as `X-CSRF-Token` on every request that changes something.
    pub(super) fn with_csrf(self, csrf: Option<String>) -> Self {
        Self { csrf, ..self }
    }

    pub(super) async fn get<T: DeserializeOwned>(&self, path: &str) -> ApiResult<T> {
        self.send("GET", path, &[], Body::Empty).await
    }

    pub(super) async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> ApiResult<T> {
        self.send("POST", path, &[], Body::json(body)?).await
    }

    /// A GET whose answer is text, not JSON (a calendar file); errors as [`Self::send`].
    pub(super) async fn text(&self, path: &str) -> ApiResult<String> {
        self.answer("GET", path, &[], Body::Empty).await
    }

    /// Sends one request. No answer at all (the network, CORS, a dropped connection) is
    /// `offline`; an error status carries the server's `{code, message, field}` and, on 429,
    /// `Retry-After`; a success body that does not decode is `unexpected`.
    pub(super) async fn send<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Body<'_>,
    ) -> ApiResult<T> {
        decode(&self.answer(method, path, headers, body).await?)
    }

    /// A success's body text, or the refusal. Not generic, unlike [`Self::send`]: the request
    /// and its error handling are compiled once, not once per answer type (BENCHMARKS.md).
    async fn answer(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Body<'_>,
    ) -> ApiResult<String> {
        let (status, retry_after, text) = self
            .fetch(method, path, headers, body)
            .await
            .map_err(|_| ApiError::offline())?;
        if (200..300).contains(&status) {
            return Ok(text);
        }
        Err(self.refused(status, retry_after, &text))
    }

    /// The status, `Retry-After` and body text of one fetch.
    async fn fetch(
        &self,
        method: &str,
        path: &str,
        extra: &[(&str, &str)],
        body: Body<'_>,
    ) -> Result<(u16, Option<String>, String), JsValue> {
        let headers = web_sys::Headers::new()?;
        if let Some(token) = &self.token {
            headers.set("authorization", &format!("Bearer {token}"))?;
        }
        if let Some(csrf) = &self.csrf
            && method != "GET"
        {
            headers.set(permit_api_types::CSRF_HEADER, csrf)?;
        }
        for (name, value) in extra {
            headers.set(name, value)?;
        }
        let init = web_sys::RequestInit::new();
        init.set_method(method);
        // The session cookie goes to this page's own server and nowhere else (the fetch
        // default, said here because the "keep me signed in" session depends on it).
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        match body {
            Body::Empty => {}
            Body::Json(text) => {
                headers.set("content-type", "application/json")?;
                init.set_body(&JsValue::from_str(&text));
            }
            Body::Bytes {
                content_type,
                bytes,
            } => {
                headers.set("content-type", content_type)?;
                init.set_body(&js_sys::Uint8Array::from(bytes.as_slice()));
            }
        }
        init.set_headers(&headers);
        let window = web_sys::window().ok_or(JsValue::NULL)?;
        let url = format!("{}{}{path}", self.base, permit_api_types::API_PREFIX);
        let response = JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await?;
        let response: web_sys::Response = response.dyn_into()?;
        let retry_after = response.headers().get("retry-after")?;
        let text = JsFuture::from(response.text()?).await?;
        Ok((
            response.status(),
            retry_after,
            text.as_string().unwrap_or_default(),
        ))
    }
}
