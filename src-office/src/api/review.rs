//! The officer's review queue (REG-3, VP-6, RP-2, RP-3, RP-7, AVP-1, AVP-5): a page of it, the
//! uploaded documents, and decisions.

use super::{ApiError, ApiResult, Body, Office, query};
use permit_api_types::{QueueKind, ReviewDecision, ReviewItem, TOTAL_COUNT_HEADER, path_segment};

/// One page of the queue and how many items match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueuePage {
    pub(crate) items: Vec<ReviewItem>,
    pub(crate) total: u32,
}

/// An uploaded document, fetched with the officer's token.
#[derive(Debug, Clone)]
pub(crate) struct Proof {
    pub(crate) content_type: String,
    pub(crate) bytes: Vec<u8>,
}

impl Office {
    pub(crate) async fn queue(
        &self,
        kind: Option<QueueKind>,
        offset: u32,
        limit: u32,
    ) -> ApiResult<QueuePage> {
        let (offset, limit) = (offset.to_string(), limit.to_string());
        let mut pairs = vec![("limit", limit.as_str()), ("offset", offset.as_str())];
        if let Some(kind) = kind {
            pairs.push(("kind", kind.as_str()));
        }
        let answer = self
            .send(
                "GET",
                &format!("/officer/queue?{}", query(&pairs)),
                None,
                false,
            )
            .await?;
        let total = answer.headers.get(TOTAL_COUNT_HEADER).ok().flatten();
        let Body::Text(text) = answer.body else {
            return Err(unexpected());
        };
        let items: Vec<ReviewItem> = serde_json::from_str(&text).map_err(|_| unexpected())?;
        let total = total
            .and_then(|t| t.parse().ok())
            .unwrap_or(items.len() as u32);
        Ok(QueuePage { items, total })
    }

    pub(crate) async fn proof(&self, id: &str) -> ApiResult<Proof> {
        let path = format!("/officer/proofs/{}", path_segment(id));
        let answer = self.send("GET", &path, None, true).await?;
        let content_type = answer
            .headers
            .get("content-type")
            .ok()
            .flatten()
            .unwrap_or_default();
        match answer.body {
            Body::Bytes(bytes) => Ok(Proof {
                content_type,
                bytes,
            }),
            Body::Text(_) => Err(unexpected()),
        }
    }

    /// `kind` is the item's queue kind; the decision URL names `registrations`, `purchases` or
    /// `requests`.
    pub(crate) async fn decide(
        &self,
        item: &ReviewItem,
        decision: &ReviewDecision,
    ) -> ApiResult<()> {
        let kind = match item.kind.as_str() {
            "registration" => "registrations",
            "purchase" => "purchases",
            _ => "requests",
        };
        let path = format!("/officer/{kind}/{}/decision", path_segment(&item.id));
        self.post(&path, decision).await
    }
}

fn unexpected() -> ApiError {
    ApiError {
        status: 0,
        code: "unexpected".into(),
        message: "The service's answer could not be read.".into(),
        field: None,
        retry_after: None,
    }
}
