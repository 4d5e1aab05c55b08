//! Requests the council decides about a permit: a Vehicle Change Request (RP-3) or a change of
//! address with proof (RP-7, AVP-5). `detail` is the new VRM or the new property id.

use super::{Conn, at, new_id, secs};
use crate::domain::{RequestKind, RequestState};
use chrono::{DateTime, Utc};
use permit_api_types::PermitRequest;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct RequestRow {
    pub id: String,
    pub resident_id: String,
    pub permit_id: Option<String>,
    pub kind: RequestKind,
    pub detail: String,
    pub state: RequestState,
    pub created_at: i64,
}

impl RequestRow {
    pub fn view(&self, explanation: &str) -> PermitRequest {
        PermitRequest {
            id: self.id.clone(),
            permit_id: self.permit_id.clone().unwrap_or_default(),
            kind: self.kind.to_string(),
            state: self.state.to_string(),
            explanation: explanation.to_owned(),
            created_at: at(self.created_at),
        }
    }
}

const SELECT: &str =
    "SELECT id, resident_id, permit_id, kind, detail, state, created_at FROM permit_requests";

pub async fn insert(
    conn: &mut Conn,
    resident_id: &str,
    permit_id: &str,
    kind: RequestKind,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<RequestRow, sqlx::Error> {
    let id = new_id("req");
    sqlx::query(
        "INSERT INTO permit_requests (id, resident_id, permit_id, kind, detail, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(resident_id)
    .bind(permit_id)
    .bind(kind.as_str())
    .bind(detail)
    .bind(RequestState::Pending.as_str())
    .bind(secs(now))
    .execute(&mut *conn)
    .await?;
    get(conn, &id).await?.ok_or(sqlx::Error::RowNotFound)
}

/// Any resident's request (the council's review); residents reach theirs through their permit.
pub async fn get(conn: &mut Conn, id: &str) -> Result<Option<RequestRow>, sqlx::Error> {
    super::one_by(conn, SELECT, "id", id).await
}

/// The resident's pending request of `kind` on `permit_id` for `detail`, if one is open.
pub async fn open_for(
    conn: &mut Conn,
    permit_id: &str,
    kind: RequestKind,
    detail: &str,
) -> Result<Option<RequestRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE permit_id = $1 AND kind = $2 AND detail = $3 AND state = 'pending' \
         ORDER BY created_at DESC, id LIMIT 1"
    ))
    .bind(permit_id)
    .bind(kind.as_str())
    .bind(detail)
    .fetch_optional(conn)
    .await
}

pub async fn set_state(conn: &mut Conn, id: &str, state: RequestState) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE permit_requests SET state = $1 WHERE id = $2")
        .bind(state.as_str())
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}
