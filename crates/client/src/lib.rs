//! Typed client for the permit service. Every endpoint is a method taking and returning the
//! `permit-api-types` bodies; errors keep the server's `{code, message, field}`.
//! Builds for native and (later) wasm32: only `reqwest` with no native-only features.

mod account;
mod agent;
mod back_office;
mod channels;
mod commerce;
mod error;
mod office;
mod ops;
mod permits;
mod stays;

pub use error::ClientError;
pub use permit_api_types as types;
pub use stays::CalendarFile;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A handle on one server, optionally logged in (a session token). `Debug` never shows the
/// token: clients end up in logs and panic messages.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
    /// The test-mode operator token (sent on every request when set).
    operator_token: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field(
                "operator_token",
                &self.operator_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl Client {
    /// `base_url` like `http://127.0.0.1:8080` (no trailing slash needed).
    pub fn new(base_url: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base_url.trim_end_matches('/').to_owned(),
            token: None,
            operator_token: None,
        }
    }

    /// The same server, with the operator token a test-mode server printed at start (the
    /// operator endpoints: clock, outbox, decisions, staff).
    pub fn with_operator_token(&self, token: impl Into<String>) -> Self {
        Self {
            operator_token: Some(token.into()),
            ..self.clone()
        }
    }

    /// The same server, acting as the resident whose session token this is.
    pub fn with_token(&self, token: impl Into<String>) -> Self {
        Self {
            token: Some(token.into()),
            ..self.clone()
        }
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// `path` is the endpoint's path under the API prefix (`/stays`, not `/api/v1/stays`).
    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}{}{path}", self.base, permit_api_types::API_PREFIX);
        let mut builder = self.http.request(method, url);
        if let Some(token) = &self.operator_token {
            builder = builder.header(permit_api_types::OPERATOR_TOKEN_HEADER, token);
        }
        match &self.token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let response = builder.send().await?;
        let status = response.status();
        if status.is_success() {
            let bytes = response.bytes().await?;
            // 204 and empty bodies decode as JSON `null` (for `()` results).
            let bytes = if bytes.is_empty() {
                &b"null"[..]
            } else {
                &bytes[..]
            };
            return serde_json::from_slice(bytes).map_err(|e| ClientError::Decode(e.to_string()));
        }
        Err(ClientError::from_response(response).await)
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        self.send(self.request(reqwest::Method::GET, path)).await
    }

    async fn post<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ClientError> {
        self.send(self.request(reqwest::Method::POST, path).json(body))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::Client;

    #[test]
    fn debug_never_prints_the_session_token() {
        let client = Client::new("http://127.0.0.1:8080").with_token("s3cret-token-value");
        let shown = format!("{client:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
