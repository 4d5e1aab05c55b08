//! The council's review queue: everything waiting for a decision at one council, with the
//! documents uploaded for it. Two queries however long the queue is.

use super::{Conn, at};
use chrono::{DateTime, Utc};
use permit_api_types::ProofRef;
use std::collections::HashMap;

/// Public for the test that checks its plan uses the payment indexes.
pub const QUEUE: &str = "\
SELECT 'registration' AS kind, g.id AS id, r.id AS resident_id, r.full_name AS full_name, \
       g.property_id AS detail, g.submitted_at AS submitted_at, '' AS product \
  FROM registrations g JOIN residents r ON r.id = g.resident_id \
 WHERE r.council = $1 AND g.state = 'pending' \
UNION ALL \
SELECT 'purchase', p.id, r.id, r.full_name, p.description, p.created_at, \
       COALESCE((SELECT MIN(m.permit_type) FROM permits m WHERE m.payment_id = p.id), '') \
  FROM payments p JOIN residents r ON r.id = p.resident_id \
 WHERE r.council = $1 AND ( \
       EXISTS (SELECT 1 FROM bundles b WHERE b.payment_id = p.id AND b.state = 'pending_review') \
    OR EXISTS (SELECT 1 FROM permits m WHERE m.payment_id = p.id AND m.state = 'pending_review')) \
UNION ALL \
SELECT q.kind, q.id, r.id, r.full_name, q.detail, q.created_at, '' \
  FROM permit_requests q JOIN residents r ON r.id = q.resident_id \
 WHERE r.council = $1 AND q.state = 'pending' \
ORDER BY submitted_at, id";

type QueueRow = (String, String, String, String, String, i64, String);

/// One item waiting for review, as stored; `review::queue` adds the council's review clock.
#[derive(Debug, Clone)]
pub struct QueueEntry {
    pub kind: String,
    pub id: String,
    pub resident_id: String,
    pub resident_name: String,
    pub detail: String,
    pub submitted_at: DateTime<Utc>,
    pub proofs: Vec<ProofRef>,
    /// A purchase's permit type (empty for bundles and everything else): whether it needs
    /// evidence (AVP-1) is the council file's to say.
    pub product: String,
}

/// Oldest first, as the council works through it.
pub async fn pending(conn: &mut Conn, council: &str) -> Result<Vec<QueueEntry>, sqlx::Error> {
    let rows: Vec<QueueRow> = sqlx::query_as(QUEUE)
        .bind(council)
        .fetch_all(&mut *conn)
        .await?;
    let proofs: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT d.subject_id, d.id, d.purpose, d.content_type, d.uploaded_at FROM proofs d \
         JOIN residents r ON r.id = d.resident_id WHERE r.council = $1 ORDER BY d.uploaded_at, d.id",
    )
    .bind(council)
    .fetch_all(conn)
    .await?;
    let mut by_subject: HashMap<String, Vec<ProofRef>> = HashMap::new();
    for (subject, id, purpose, content_type, uploaded) in proofs {
        by_subject.entry(subject).or_default().push(ProofRef {
            id,
            purpose,
            content_type,
            uploaded_at: at(uploaded),
        });
    }
    Ok(rows
        .into_iter()
        .map(
            |(kind, id, resident_id, resident_name, detail, submitted, product)| QueueEntry {
                proofs: by_subject.remove(&id).unwrap_or_default(),
                kind,
                id,
                resident_id,
                resident_name,
                detail,
                submitted_at: at(submitted),
                product,
            },
        )
        .collect())
}

/// A document, if it belongs to a resident of `council`: (content type, bytes).
pub async fn proof(
    conn: &mut Conn,
    council: &str,
    id: &str,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.content_type, d.body FROM proofs d JOIN residents r ON r.id = d.resident_id \
         WHERE d.id = $1 AND r.council = $2",
    )
    .bind(id)
    .bind(council)
    .fetch_optional(conn)
    .await
}
