//! Uploaded documents (proof of address): at most 5 MiB, and only PDF, JPEG or PNG, checked by
//! their first bytes as well as their declared type.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request};
use axum::http::header::CONTENT_TYPE;

pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// What one account may hold in uploaded documents, all kept for review: five full-size
/// files, or many more ordinary ones.
pub const MAX_STORED_BYTES_PER_RESIDENT: i64 = 25 * 1024 * 1024;

/// Stores a document, unless it would take its resident over their quota (422).
pub async fn store(
    conn: &mut crate::db::Conn,
    proof: &crate::db::proofs::NewProof<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, ApiError> {
    let stored = crate::db::proofs::stored_bytes(conn, proof.resident_id).await?;
    let adding = i64::try_from(proof.body.len()).unwrap_or(i64::MAX);
    if stored.saturating_add(adding) > MAX_STORED_BYTES_PER_RESIDENT {
        return Err(ApiError::invalid(
            "upload_quota_reached",
            "file",
            "Your account already holds 25 MB of documents. Please contact the council to send more.",
        ));
    }
    Ok(crate::db::proofs::insert(conn, proof, now).await?)
}

const ACCEPTED: &[(&str, &[u8])] = &[
    ("application/pdf", b"%PDF-"),
    ("image/jpeg", &[0xFF, 0xD8, 0xFF]),
    ("image/png", &[0x89, b'P', b'N', b'G']),
];

/// Lets a slightly larger body through to the extractor, so an oversized file gets our JSON
/// error rather than the framework's plain-text one.
pub fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 1)
}

#[derive(Debug)]
pub struct Upload {
    pub content_type: &'static str,
    pub bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Upload {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let declared = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let Some((content_type, magic)) = ACCEPTED.iter().find(|(t, _)| *t == declared) else {
            return Err(ApiError::invalid(
                "proof_type_not_accepted",
                "file",
                "Upload a PDF, JPEG or PNG file.",
            ));
        };
        let too_large = || {
            ApiError::invalid(
                "proof_too_large",
                "file",
                "The file is larger than 5 MB. Please upload a smaller one.",
            )
        };
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| too_large())?;
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(too_large());
        }
        if bytes.is_empty() || !bytes.starts_with(magic) {
            return Err(ApiError::invalid(
                "proof_type_not_accepted",
                "file",
                "The file is not a readable PDF, JPEG or PNG.",
            ));
        }
        Ok(Self {
            content_type,
            bytes,
        })
    }
}
