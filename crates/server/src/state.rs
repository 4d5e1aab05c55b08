//! What every handler can reach.

use crate::clock::{Clock, ManualClock};
use crate::config::Settings;
use crate::councils::Councils;
use crate::db::Db;
use crate::gazetteer::Gazetteer;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Shared by every request: one reference count to clone, as axum clones the state for each
/// request's extractors (issue 20: cloning some twenty handles field by field showed in the
/// enforcement check's profile).
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

#[derive(Debug)]
pub struct Shared {
    pub db: Db,
    /// Enforcement logs, committed together (see `db::group_commit`).
    pub writes: crate::db::group_commit::GroupCommit,
    /// The enforcement keys, hashed once (see `auth::enforcement_keys`).
    pub enforcement_keys: Arc<crate::auth::enforcement_keys::EnforcementKeys>,
    /// Sessions' latest use, written every few seconds (see `auth::recent_use`).
    pub recent_use: Arc<crate::auth::recent_use::RecentUse>,
    pub clock: Arc<dyn Clock>,
    /// Present only when the server runs with a test clock (then `clock` is this one).
    pub test_clock: Option<Arc<ManualClock>>,
    /// Present only when the operator endpoints exist (test flag, loopback bind, no real
    /// email or SMS channel): the token they ask for.
    pub operator: Option<Arc<crate::operator_access::OperatorAccess>>,
    pub councils: Arc<Councils>,
    pub gazetteer: Arc<Gazetteer>,
    /// Each council's payment provider (hosted payment pages).
    pub providers: Arc<crate::payments::by_council::PaymentProviders>,
    /// The sandbox, where it may run (`--demo`, tests): its hosted page is served then.
    pub sandbox: Option<Arc<crate::payments::SandboxPayments>>,
    /// Where residents reach this service, without a trailing slash: payers come back here.
    pub public_url: String,
    pub settings: Arc<Settings>,
    /// Where the outbox worker sends each channel's messages.
    pub delivery: crate::delivery::Delivery,
}

impl AppState {
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}

impl AppState {
    /// The scheme of the council named in a path or body; unknown councils are 404s.
    pub fn scheme(
        &self,
        council: &str,
    ) -> Result<Arc<permit_rules::Scheme>, crate::error::ApiError> {
        permit_rules::CouncilId::parse(council)
            .ok()
            .and_then(|id| self.councils.get(&id))
            .ok_or(crate::error::ApiError::NotFound)
    }
}
