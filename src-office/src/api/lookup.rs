//! The officer's reads (issue 17): resident lookup and a resident's record, stays, payments
//! and audit trail; the council's audit log; the enforcement-check log. Each list comes a page
//! at a time: one item more than the page is asked for, so the page knows whether another
//! follows (these lists carry no total).

use super::{ApiResult, Office, query};
use chrono::{DateTime, SecondsFormat, Utc};
use permit_api_types::{
    AuditEntry, EnforcementCheckEntry, Payment, ResidentMatch, ResidentRecord, Stay, path_segment,
};
use serde::de::DeserializeOwned;

/// Items on one page of these lists (the API allows up to 100).
pub(crate) const PAGE_SIZE: u32 = 20;

/// One page of a list, and whether a next page has anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paged<T> {
    pub(crate) items: Vec<T>,
    pub(crate) has_next: bool,
}

/// What the audit log is narrowed to (each given filter narrows it further).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AuditFilter {
    pub(crate) actor: Option<String>,
    pub(crate) resident: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) from: Option<DateTime<Utc>>,
    pub(crate) to: Option<DateTime<Utc>>,
}

/// An instant as the API's query strings take it.
pub(crate) fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Office {
    /// Page `page` (from 1) of the list at `path`, narrowed by `pairs`.
    async fn page<T: DeserializeOwned>(
        &self,
        path: &str,
        pairs: &[(&str, String)],
        page: u32,
    ) -> ApiResult<Paged<T>> {
        let offset = (page.max(1) - 1) * PAGE_SIZE;
        let (limit, offset) = ((PAGE_SIZE + 1).to_string(), offset.to_string());
        let mut all: Vec<(&str, &str)> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        all.extend([("limit", limit.as_str()), ("offset", offset.as_str())]);
        let mut items: Vec<T> = self.get(&format!("{path}?{}", query(&all))).await?;
        let has_next = items.len() > PAGE_SIZE as usize;
        items.truncate(PAGE_SIZE as usize);
        Ok(Paged { items, has_next })
    }

    pub(crate) async fn find_residents(
        &self,
        q: &str,
        page: u32,
    ) -> ApiResult<Paged<ResidentMatch>> {
        self.page("/officer/residents", &[("q", q.to_owned())], page)
            .await
    }

    pub(crate) async fn resident(&self, id: &str) -> ApiResult<ResidentRecord> {
        self.get(&format!("/officer/residents/{}", path_segment(id)))
            .await
    }

    pub(crate) async fn resident_stays(&self, id: &str, page: u32) -> ApiResult<Paged<Stay>> {
        let path = format!("/officer/residents/{}/stays", path_segment(id));
        self.page(&path, &[], page).await
    }

    pub(crate) async fn resident_payments(&self, id: &str, page: u32) -> ApiResult<Paged<Payment>> {
        let path = format!("/officer/residents/{}/payments", path_segment(id));
        self.page(&path, &[], page).await
    }

    pub(crate) async fn audit(
        &self,
        filter: &AuditFilter,
        page: u32,
    ) -> ApiResult<Paged<AuditEntry>> {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let moment = |v: Option<DateTime<Utc>>| v.map(rfc3339).unwrap_or_default();
        let pairs = [
            ("actor", text(&filter.actor)),
            ("resident", text(&filter.resident)),
            ("kind", text(&filter.kind)),
            ("from", moment(filter.from)),
            ("to", moment(filter.to)),
        ];
        self.page("/officer/audit", &pairs, page).await
    }

    pub(crate) async fn enforcement_checks(
        &self,
        vrm: &str,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        page: u32,
    ) -> ApiResult<Paged<EnforcementCheckEntry>> {
        let moment = |v: Option<DateTime<Utc>>| v.map(rfc3339).unwrap_or_default();
        let pairs = [
            ("vrm", vrm.to_owned()),
            ("from", moment(from)),
            ("to", moment(to)),
        ];
        self.page("/officer/enforcement-checks", &pairs, page).await
    }
}
