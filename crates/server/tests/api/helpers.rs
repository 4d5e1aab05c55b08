//! This suite's side of the test server (tests/support spawns it): the webhook secret and
//! enforcement keys it is configured with, orders, the test clock, and the council's approvals.

use permit_client::Client;
use permit_client::types::PurchaseOrder;
use permit_server::channel_settings::ChannelSettings;
use permit_server::secret::Secret;
use permit_test_support::PaysOnSandbox;
use permit_test_support::TestServer;
pub(crate) use permit_test_support::{
    Options, assert_refused, enforcement_key, enforcement_keys, registration,
};
use std::ops::Deref;

/// One running server with its own database (tests/support), dropped at the end of the test.
#[derive(Debug)]
pub(crate) struct TestApp(TestServer);

impl Deref for TestApp {
    type Target = TestServer;

    fn deref(&self) -> &TestServer {
        &self.0
    }
}

pub(crate) async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

/// A server as `options` say, with this suite's webhook secret and enforcement keys.
pub(crate) async fn spawn_app_with(options: Options) -> TestApp {
    TestApp(
        TestServer::spawn_with(Options {
            channels: test_channels(),
            ..options
        })
        .await,
    )
}

/// The inbound-SMS webhook's shared secret in tests.
pub(crate) const SMS_SECRET: &str = "test-sms-webhook-secret-of-at-least-32-bytes";

/// The channels every server of this suite has: the SMS webhook's secret and an enforcement
/// key per council.
pub(crate) fn test_channels() -> ChannelSettings {
    ChannelSettings {
        sms_webhook_key: Some(Secret::new(SMS_SECRET)),
        enforcement_keys: enforcement_keys(&[
            "hampshire",
            "leicestershire",
            "cambridgeshire",
            "leicester",
        ]),
        ..ChannelSettings::default()
    }
}

/// Runs the futures at once on the runtime's threads and collects their results in order.
pub(crate) async fn join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut results = Vec::new();
    for handle in handles {
        results.push(handle.await.expect("task finished"));
    }
    results
}

/// The logged-in resident's current registration.
pub(crate) async fn registration_of(resident: &Client) -> permit_client::types::Registration {
    resident
        .me()
        .await
        .expect("me")
        .registration
        .expect("has a registration")
}

/// An order for `quantity` bundles of `permit_type` (`buy` pays it on the sandbox's page).
pub(crate) fn bundles(permit_type: &str, quantity: u32) -> PurchaseOrder {
    PurchaseOrder {
        permit_type: permit_type.into(),
        quantity,
        ..PurchaseOrder::default()
    }
}

/// An order for one vehicle permit.
pub(crate) fn vehicle_permit(permit_type: &str, vrm: &str, months: Option<u32>) -> PurchaseOrder {
    PurchaseOrder {
        permit_type: permit_type.into(),
        quantity: 1,
        duration_months: months,
        vrm: Some(vrm.into()),
        ..PurchaseOrder::default()
    }
}

/// A fresh idempotency key.
pub(crate) fn key() -> String {
    permit_server::db::new_id("key")
}

/// Stands the test clock at a Europe/London wall-clock time ("2026-03-31 23:59").
pub(crate) async fn stand_at(app: &TestApp, local: &str) -> chrono::DateTime<chrono::Utc> {
    let wall = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").expect("wall time");
    let instant = permit_rules::time::from_local(wall);
    app.client.set_clock(instant).await.expect("clock set");
    instant
}

impl TestApp {
    /// A Cambridgeshire resident whose registration has proof and the council's approval (REG-3).
    pub(crate) async fn approved_cambridgeshire_resident(&self, email: &str) -> Client {
        let resident = self.resident("cambridgeshire", email).await;
        let pending = resident
            .upload_registration_proof("application/pdf", b"%PDF-1.4 bill".to_vec())
            .await
            .expect("proof");
        let approve = permit_client::types::ReviewDecision {
            approve: true,
            reason: None,
        };
        self.client
            .decide_registration(&pending.id, &approve)
            .await
            .expect("approved");
        resident
    }
}

impl TestApp {
    /// Buys `order` as `resident` and has the council approve it (VP-6, RP-2).
    pub(crate) async fn approved_purchase(
        &self,
        resident: &Client,
        order: &PurchaseOrder,
    ) -> permit_client::types::PurchaseReceipt {
        let receipt = resident.buy(&key(), order).await.expect("bought");
        let approve = permit_client::types::ReviewDecision {
            approve: true,
            reason: None,
        };
        self.client
            .decide_purchase(&receipt.payment.id, &approve)
            .await
            .expect("approved");
        receipt
    }
}

/// A Hampshire resident holding one bundle of 10 visitor permits.
pub(crate) async fn hampshire_with_permits(app: &TestApp, email: &str) -> Client {
    let resident = app.resident("hampshire", email).await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bundle");
    resident
}

/// The visitor permits the resident has left, over all bundles.
pub(crate) async fn remaining(resident: &Client) -> u32 {
    resident
        .visitor_permits()
        .await
        .expect("held")
        .iter()
        .map(|b| b.remaining)
        .sum()
}

/// The plan the database makes for `sql` with `bind`'s parameters: SQLite's `EXPLAIN QUERY
/// PLAN` steps, or PostgreSQL's `EXPLAIN` lines with sequential scans discouraged (a test's
/// tables are so small they would be scanned; this asks what happens once they are not).
pub(crate) async fn query_plan(
    app: &TestApp,
    sql: &str,
    bind: impl for<'q> FnOnce(
        sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
) -> Vec<String> {
    use permit_server::db::Backend;
    use sqlx::Row;
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let explain = match app.state.db.backend() {
        Backend::Sqlite => format!("EXPLAIN QUERY PLAN {sql}"),
        Backend::Postgres => {
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut *conn)
                .await
                .expect("planner setting");
            format!("EXPLAIN {sql}")
        }
    };
    let rows = bind(sqlx::query(&explain))
        .fetch_all(&mut *conn)
        .await
        .expect("plan");
    rows.iter()
        .map(|row| {
            let last = row.len() - 1;
            row.try_get::<String, _>(last).expect("plan text")
        })
        .collect()
}
