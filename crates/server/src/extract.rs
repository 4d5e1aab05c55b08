//! The request extractors every handler uses instead of axum's: the same names (`Json`,
//! `Query`, `Path`), but a request they cannot read is answered with our `{code, message,
//! field}` body and a 4xx, never the framework's plain text. `field` is the JSON path or
//! parameter name at fault where one is known. clippy.toml forbids axum's own in this crate.

#![allow(clippy::disallowed_types)]

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A JSON body in, or a JSON answer out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(request.headers()) {
            return Err(not_json());
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(unreadable_body)?;
        let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(json_error)?;
        // Bytes after the value are a syntax error, as in axum's extractor.
        deserializer.end().map_err(|e| malformed_json(&e))?;
        Ok(Self(value))
    }
}

/// A JSON body the request may leave out. No body at all, with no Content-Type, is `None`, as a
/// client that predates the body sends it (`POST /purchases/{id}/payment` had none); any body is
/// read as [`Json`] reads it, `null` included.
#[derive(Debug, Clone, Default)]
pub struct OptionalJson<T>(pub Option<T>);

impl<T, S> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        if request.headers().get(CONTENT_TYPE).is_none() {
            let bytes = Bytes::from_request(request, state)
                .await
                .map_err(unreadable_body)?;
            return match bytes.is_empty() {
                true => Ok(Self(None)),
                false => Err(not_json()),
            };
        }
        Json::<Option<T>>::from_request(request, state)
            .await
            .map(|Json(value)| Self(value))
    }
}

fn not_json() -> ApiError {
    ApiError::rejected(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Send the body as JSON, with Content-Type: application/json.",
        None,
    )
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// The query string, all fields named by the handler's type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer =
            serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer)
            .map(Self)
            .map_err(|error| {
                let message = error.inner().to_string();
                let field = field_at(&error.path().to_string(), &message);
                ApiError::rejected(
                    StatusCode::BAD_REQUEST,
                    "invalid_query",
                    format!("The query string could not be read: {message}."),
                    field,
                )
            })
    }
}

/// Parameters taken from the path.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Self(value))
            .map_err(path_error)
    }
}

/// The client's IP: the connection's peer address, never a header a client can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub std::net::IpAddr);

impl ClientIp {
    /// The limits' subject for this client.
    pub fn subject(&self) -> String {
        self.0.to_string()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| Self(info.0.ip()))
            .ok_or_else(|| ApiError::internal("served without the peer address (ConnectInfo)"))
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    let Some(essence) = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
    else {
        return false;
    };
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|subtype| subtype.ends_with("+json"))
}

fn unreadable_body(rejection: BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::rejected(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            "The request body is too large.",
            None,
        )
    } else {
        ApiError::rejected(
            StatusCode::BAD_REQUEST,
            "unreadable_body",
            "The request body could not be read.",
            None,
        )
    }
}

fn json_error(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    use serde_json::error::Category;
    let inner = error.inner();
    match inner.classify() {
        Category::Data => {
            let message = inner.to_string();
            let field = field_at(&error.path().to_string(), &message);
            ApiError::rejected(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                format!("The request body does not have the expected fields: {message}."),
                field,
            )
        }
        Category::Syntax | Category::Eof | Category::Io => malformed_json(inner),
    }
}

fn malformed_json(error: &serde_json::Error) -> ApiError {
    ApiError::rejected(
        StatusCode::BAD_REQUEST,
        "malformed_json",
        format!(
            "The request body is not valid JSON (line {}, column {}).",
            error.line(),
            error.column()
        ),
        None,
    )
}

/// The field at fault: serde reports a missing field against the object that should hold it,
/// naming it only in the message, so the name is joined onto the path; an unknown field's path
/// may already end with it (`card_number` sent to `POST /purchases`), and is then the field.
fn field_at(path: &str, message: &str) -> Option<String> {
    let parent = (path != ".").then_some(path);
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next());
    let ends_with_name =
        |parent: &str, name: &str| parent == name || parent.ends_with(&format!(".{name}"));
    match (parent, named) {
        (Some(parent), Some(name)) if ends_with_name(parent, name) => Some(parent.to_owned()),
        (Some(parent), Some(name)) => Some(format!("{parent}.{name}")),
        (None, Some(name)) => Some(name.to_owned()),
        (Some(parent), None) => Some(parent.to_owned()),
        (None, None) => None,
    }
}

fn path_error(rejection: PathRejection) -> ApiError {
    use axum::extract::path::ErrorKind;
    let PathRejection::FailedToDeserializePathParams(error) = rejection else {
        // Missing path parameters mean a route declared without them: our bug, not the caller's.
        return ApiError::internal(rejection.body_text());
    };
    let field = match error.kind() {
        ErrorKind::ParseErrorAtKey { key, .. }
        | ErrorKind::InvalidUtf8InPathParam { key }
        | ErrorKind::DeserializeError { key, .. } => Some(key.clone()),
        _ => None,
    };
    if error.status().is_server_error() {
        return ApiError::internal(error.body_text());
    }
    ApiError::rejected(
        StatusCode::BAD_REQUEST,
        "invalid_path",
        format!("The path could not be read: {}.", error.body_text()),
        field,
    )
}

#[cfg(test)]
mod tests {
    use super::field_at;

    #[test]
    fn a_missing_or_unknown_field_is_named_under_its_parent() {
        assert_eq!(field_at(".", "missing field `pin`"), Some("pin".into()));
        assert_eq!(
            field_at("order.items[2]", "unknown field `qty`, expected one of"),
            Some("order.items[2].qty".into())
        );
        assert_eq!(
            field_at("order.when", "invalid type: integer `3`, expected a string"),
            Some("order.when".into())
        );
        assert_eq!(field_at(".", "invalid type: sequence"), None);
        assert_eq!(
            field_at(
                "card_number",
                "unknown field `card_number`, expected one of"
            ),
            Some("card_number".into()),
            "an unknown field's path already names it"
        );
        assert_eq!(
            field_at("order.card_number", "unknown field `card_number`"),
            Some("order.card_number".into())
        );
    }
}
