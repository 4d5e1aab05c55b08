//! The one HTTP error type. Every handler returns `Result<_, ApiError>`; this file is the
//! only place that decides status codes and what a client is told.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use permit_api_types::ErrorBody;
use permit_rules::{ParseError, Refusal};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Bad input, or a council rule's refusal (code, message and field from the rules crate):
    /// a specific message for people, the field at fault where one is.
    #[error("{message}")]
    Invalid {
        code: &'static str,
        message: String,
        field: Option<&'static str>,
    },
    /// A request the extractors could not read (JSON syntax or types, content type, path,
    /// query): the 4xx they chose, and the JSON path or parameter at fault where known.
    #[error("{message}")]
    Rejected {
        status: StatusCode,
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    #[error("not logged in")]
    Unauthorized,
    /// The session cookie names no live session: 401 as [`Self::Unauthorized`], and the
    /// answer clears the cookie, so the browser stops sending it.
    #[error("cookie session ended")]
    CookieSessionEnded,
    /// Refused whoever is asking (403): a cookie-authenticated write without this page's
    /// `Origin` or CSRF token (issue 19); `field` names the header at fault.
    #[error("{message}")]
    Forbidden {
        code: &'static str,
        message: &'static str,
        field: Option<&'static str>,
    },
    /// Wrong login details (401), told apart from nothing else.
    #[error("{message}")]
    BadCredentials {
        code: &'static str,
        message: &'static str,
    },
    /// Missing, or someone else's: the two are never told apart.
    #[error("not found")]
    NotFound,
    /// A path under `/api/` that no route answers: told apart from a missing record, so a
    /// client (or a test) can see that the endpoint itself does not exist.
    #[error("no such endpoint")]
    NoSuchEndpoint,
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u64 },
    /// A request limit (limits.rs) reached: 429, its own code and message, and Retry-After.
    #[error("{message}")]
    Limited {
        code: &'static str,
        message: &'static str,
        retry_after_secs: u64,
    },
    #[error("payment {code}: {message}")]
    Payment { code: &'static str, message: String },
    /// Anything we did not expect: logged in full, returned as a bare 500.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn invalid(code: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            code,
            message: message.into(),
            field: Some(field),
        }
    }

    /// Any refusal of the rules crate (an engine decision's "no", a value that does not parse,
    /// placed on its field with [`Refusal::at`]): its stable code, its message, its field.
    pub fn refusal(refusal: impl Refusal) -> Self {
        Self::Invalid {
            code: refusal.code(),
            message: refusal.message(),
            field: refusal.field(),
        }
    }

    /// A refusal that asks the client to confirm rather than to correct (409): the
    /// overlapping-stay question (issue 14).
    pub fn conflict(refusal: impl Refusal) -> Self {
        Self::Conflict {
            code: refusal.code(),
            message: refusal.message(),
        }
    }

    /// A value that failed to parse at the edge, reported against its request field.
    pub fn parse(field: &'static str, error: &ParseError) -> Self {
        Self::refusal(error.clone().at(field))
    }

    /// A refusal the server decides itself, with no rules-crate type behind it.
    pub fn refused(
        code: &'static str,
        message: impl Into<String>,
        field: Option<&'static str>,
    ) -> Self {
        Self::Invalid {
            code,
            message: message.into(),
            field,
        }
    }

    pub fn rejected(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
        field: Option<String>,
    ) -> Self {
        Self::Rejected {
            status,
            code,
            message: message.into(),
            field,
        }
    }

    pub fn forbidden(
        code: &'static str,
        message: &'static str,
        field: Option<&'static str>,
    ) -> Self {
        Self::Forbidden {
            code,
            message,
            field,
        }
    }

    pub fn internal(error: impl std::fmt::Display) -> Self {
        Self::Internal(error.to_string())
    }

    fn parts(&self) -> (StatusCode, String, String, Option<String>) {
        let (status, code, message, field) = match self {
            Self::Invalid {
                code,
                message,
                field,
            } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                *code,
                message.clone(),
                field.map(str::to_owned),
            ),
            Self::Rejected {
                status,
                code,
                message,
                field,
            } => (*status, *code, message.clone(), field.clone()),
            Self::Unauthorized | Self::CookieSessionEnded => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Please log in again.".to_owned(),
                None,
            ),
            Self::Forbidden {
                code,
                message,
                field,
            } => (
                StatusCode::FORBIDDEN,
                *code,
                (*message).to_owned(),
                field.map(str::to_owned),
            ),
            Self::BadCredentials { code, message } => {
                (StatusCode::UNAUTHORIZED, *code, (*message).to_owned(), None)
            }
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "Not found.".to_owned(),
                None,
            ),
            Self::NoSuchEndpoint => (
                StatusCode::NOT_FOUND,
                "no_such_endpoint",
                "There is no such API endpoint.".to_owned(),
                None,
            ),
            Self::Conflict { code, message } => {
                (StatusCode::CONFLICT, *code, message.clone(), None)
            }
            Self::TooManyAttempts { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "Too many wrong PINs. Please wait and try again.".to_owned(),
                None,
            ),
            Self::Limited { code, message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                *code,
                (*message).to_owned(),
                None,
            ),
            Self::Payment { code, message } => {
                (StatusCode::PAYMENT_REQUIRED, *code, message.clone(), None)
            }
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on our side. Please try again.".to_owned(),
                None,
            ),
        };
        (status, code.to_owned(), message, field)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            tracing::error!(%detail, "internal error");
        }
        let (status, code, message, field) = self.parts();
        let mut response = (
            status,
            crate::extract::Json(ErrorBody {
                code,
                message,
                field,
            }),
        )
            .into_response();
        if let Self::TooManyAttempts { retry_after_secs }
        | Self::Limited {
            retry_after_secs, ..
        } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if let Self::CookieSessionEnded = self {
            response
                .headers_mut()
                .insert(header::SET_COOKIE, crate::auth::clear_session_cookie());
        }
        response
    }
}

/// The layers in front of the handlers (the request timeout) answer with a bare status: give
/// it our body, so every 4xx a client sees has the one shape.
pub async fn fill_bare_status(response: Response) -> Response {
    if response.headers().contains_key(header::CONTENT_TYPE) {
        return response;
    }
    let (code, message) = match response.status() {
        StatusCode::REQUEST_TIMEOUT => (
            "request_timeout",
            "The request took too long to arrive or to answer. Please try again.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("body_too_large", "The request body is too large."),
        _ => return response,
    };
    ApiError::rejected(response.status(), code, message, None).into_response()
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::Internal(format!("database: {error}"))
    }
}

/// A payment provider's failure as a client sees it: what to do next, never the provider's
/// reply (the adapter logged that).
impl From<crate::payments::provider::ProviderError> for ApiError {
    fn from(error: crate::payments::provider::ProviderError) -> Self {
        use crate::payments::provider::ProviderError as P;
        match error {
            P::Unavailable => Self::Payment {
                code: "payment_provider_unavailable",
                message: "The payment service is not answering. Nothing was charged; please try again in a few minutes.".to_owned(),
            },
            P::RefundTooLarge { .. } => Self::Conflict {
                code: "refund_exceeds_available",
                message: "That is more than can still be refunded for this payment.".to_owned(),
            },
            P::NotFound => Self::NotFound,
            // Our request or configuration is wrong, or the reply unreadable: ours to fix.
            P::Refused { .. } | P::BadReply => Self::Internal(format!("payment provider: {error}")),
        }
    }
}
