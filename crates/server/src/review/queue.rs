//! The officer's view of the queue (issue 17): each item against the council's review target
//! (REG-3), overdue items first, then the rest oldest first; filtered by kind and paged.

use crate::db::{Conn, queue};
use chrono::{DateTime, Utc};
use permit_api_types::{QueueKind, ReviewItem};
use permit_rules::{PermitType, Scheme, review_clock};

/// The page `offset..offset + limit` of the council's queue (of `kind` only, if given), and
/// how many items match in all.
pub async fn page(
    conn: &mut Conn,
    scheme: &Scheme,
    kind: Option<QueueKind>,
    (limit, offset): (usize, usize),
    now: DateTime<Utc>,
) -> Result<(Vec<ReviewItem>, usize), sqlx::Error> {
    let mut items: Vec<ReviewItem> = queue::pending(conn, scheme.id.as_str())
        .await?
        .into_iter()
        .map(|entry| item(scheme, entry, now))
        .filter(|item| kind.is_none_or(|kind| kind.matches(item)))
        .collect();
    // Stable: within each group the database's oldest-first order stays.
    items.sort_by_key(|item| !item.overdue);
    let total = items.len();
    Ok((items.into_iter().skip(offset).take(limit).collect(), total))
}

/// One item of the council's queue, if it is still waiting (another council's is `None`).
pub async fn find(
    conn: &mut Conn,
    scheme: &Scheme,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<ReviewItem>, sqlx::Error> {
    Ok(queue::pending(conn, scheme.id.as_str())
        .await?
        .into_iter()
        .find(|entry| entry.id == id)
        .map(|entry| item(scheme, entry, now)))
}

fn item(scheme: &Scheme, entry: queue::QueueEntry, now: DateTime<Utc>) -> ReviewItem {
    let clock = review_clock(&scheme.review, entry.submitted_at, now);
    let evidence = PermitType::parse(&entry.product).is_ok_and(|t| scheme.needs_evidence(&t));
    ReviewItem {
        kind: entry.kind,
        id: entry.id,
        resident_id: entry.resident_id,
        resident_name: entry.resident_name,
        detail: entry.detail,
        submitted_at: entry.submitted_at,
        proofs: entry.proofs,
        due_at: clock.due_at,
        overdue: clock.overdue,
        evidence,
    }
}
