use permit_api_types::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server answered with an error body.
    #[error("{status}: {} ({})", body.message, body.code)]
    Api {
        status: u16,
        body: ErrorBody,
        /// Seconds from `Retry-After`, on 429.
        retry_after: Option<u64>,
    },
    #[error("cannot reach the server: {0}")]
    Transport(#[from] reqwest::Error),
    #[error("unexpected response: {0}")]
    Decode(String),
}

impl ClientError {
    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's machine code of an API error.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { body, .. } => Some(&body.code),
            _ => None,
        }
    }

    pub(crate) async fn from_response(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let body = match response.json::<ErrorBody>().await {
            Ok(body) => body,
            // Anything in front of the server (a proxy, a gateway) may answer without our JSON.
            Err(_) => ErrorBody {
                code: format!("http_{status}"),
                message: format!("HTTP {status}"),
                field: None,
            },
        };
        Self::Api {
            status,
            body,
            retry_after,
        }
    }
}
