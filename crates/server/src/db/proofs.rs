//! Uploaded documents (proof of address), kept for the council's review.

use super::{Conn, new_id, secs};
use chrono::{DateTime, Utc};

#[derive(Debug)]
pub struct NewProof<'a> {
    pub resident_id: &'a str,
    /// `registration`, `change_of_address`, `permit_evidence` (AVP-1), or for a new-zone
    /// application (RP-7) `proof_of_address` and `v5c`.
    pub purpose: &'a str,
    /// The registration or request the proof is for.
    pub subject_id: &'a str,
    pub content_type: &'a str,
    pub body: &'a [u8],
}

/// The purposes of the documents uploaded for `subject_id` (a request or registration).
pub async fn purposes(conn: &mut Conn, subject_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT purpose FROM proofs WHERE subject_id = $1 ORDER BY uploaded_at, id")
        .bind(subject_id)
        .fetch_all(conn)
        .await
}

/// What `purpose` says of a permit's evidence (AVP-1); its subject is the purchase's payment,
/// the id the review queue lists the purchase by.
pub const PERMIT_EVIDENCE: &str = "permit_evidence";

/// How many documents of `purpose` were uploaded for `subject_id`.
pub async fn count_for(
    conn: &mut Conn,
    purpose: &str,
    subject_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM proofs WHERE purpose = $1 AND subject_id = $2")
        .bind(purpose)
        .bind(subject_id)
        .fetch_one(conn)
        .await
}

pub async fn insert(
    conn: &mut Conn,
    proof: &NewProof<'_>,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let id = new_id("doc");
    sqlx::query(
        "INSERT INTO proofs (id, resident_id, purpose, subject_id, content_type, body, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(proof.resident_id)
    .bind(proof.purpose)
    .bind(proof.subject_id)
    .bind(proof.content_type)
    .bind(proof.body)
    .bind(secs(now))
    .execute(conn)
    .await?;
    Ok(id)
}

/// The bytes of every document `resident_id` has uploaded.
pub async fn stored_bytes(conn: &mut Conn, resident_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(SUM(LENGTH(body)), 0) FROM proofs WHERE resident_id = $1")
        .bind(resident_id)
        .fetch_one(conn)
        .await
}
