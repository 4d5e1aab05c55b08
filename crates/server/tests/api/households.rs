//! Allowances belong to the household, not the account (VP-2, VP-4, VP-5): accounts registered
//! at the same property of a council share one allowance and one count of permits bought.

use crate::helpers::{assert_refused, bundles, join_all, key, spawn_app, stand_at};
use permit_client::Client;
use permit_test_support::PaysOnSandbox;

/// The allowance left of the council's first product, as `resident`'s catalogue shows it.
async fn left(resident: &Client) -> (u32, u32) {
    let catalogue = resident.catalogue().await.expect("catalogue");
    let allowance = catalogue.products[0]
        .allowance
        .clone()
        .expect("a visitor allowance");
    (allowance.used, allowance.left)
}

#[tokio::test]
async fn vp4_two_accounts_at_one_property_share_one_allowance_under_a_fifty_way_race() {
    let app = spawn_app().await;
    stand_at(&app, "2026-05-12 10:00").await;
    let first = app.resident("leicestershire", "vp4-a@example.org").await;
    let second = app.resident("leicestershire", "vp4-b@example.org").await;
    // 50 purchases of one bundle, alternating between the two accounts, all at once: the
    // household may buy two bundles a calendar month, so exactly two go through.
    let attempts = (0..50).map(|i| {
        let buyer = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        async move { buyer.buy(&key(), &bundles("visitor-bundle", 1)).await }
    });
    let outcomes = join_all(attempts).await;
    let bought = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(bought, 2, "one household, one allowance of two bundles");
    for refused in outcomes.iter().filter_map(|o| o.as_ref().err()) {
        assert_refused(refused, 422, "allowance_exceeded", None);
    }
    assert_eq!(app.payments.charges(), 2);
    let paid = first.payments().await.expect("first's payments").len()
        + second.payments().await.expect("second's payments").len();
    assert_eq!(paid, 2);
    assert_eq!(left(&first).await, (20, 0));
    assert_eq!(left(&second).await, (20, 0));
}

#[tokio::test]
async fn vp2_a_second_account_at_the_same_property_sees_the_household_allowance() {
    let app = spawn_app().await;
    stand_at(&app, "2026-06-15 10:00").await;
    let first = app.resident("hampshire", "vp2-a@example.org").await;
    first
        .buy(&key(), &bundles("visitor-bundle", 3))
        .await
        .expect("30 permits");
    let second = app.resident("hampshire", "vp2-b@example.org").await;
    assert_eq!(left(&second).await, (30, 20));
    let error = second
        .buy(&key(), &bundles("visitor-bundle", 3))
        .await
        .expect_err("would make 60 of 50");
    assert_refused(&error, 422, "allowance_exceeded", None);
    second
        .buy(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect("the household's last 20");
    assert_eq!(left(&first).await, (50, 0));
}

#[tokio::test]
async fn vp5_cambridgeshire_counts_twenty_a_year_per_household() {
    let app = spawn_app().await;
    stand_at(&app, "2026-05-01 12:00").await;
    let first = app
        .approved_cambridgeshire_resident("vp5-a@example.org")
        .await;
    let second = app
        .approved_cambridgeshire_resident("vp5-b@example.org")
        .await;
    first
        .buy(&key(), &bundles("visitor-bundle", 3))
        .await
        .expect("15 permits");
    let error = second
        .buy(&key(), &bundles("visitor-bundle", 2))
        .await
        .expect_err("25 of 20");
    assert_refused(&error, 422, "allowance_exceeded", None);
    second
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("the household's last 5");
}

/// A household's bundles are found by their property, however many bundles have none: bought
/// before any registration, they leave `property_id` empty, and SQLite's statistics once made
/// the planner walk every resident of the council instead (200 ms a purchase at 500,000
/// households, with SQLite's writer held).
#[tokio::test]
async fn a_households_bundles_are_found_by_property_when_most_bundles_have_none() {
    use permit_server::db::Backend;
    let app = spawn_app().await;
    if app.state.db.backend() == Backend::Sqlite {
        let mut conn = app.state.db.pool().acquire().await.expect("connection");
        for sql in [
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) \
             INSERT INTO residents (id, council, full_name, created_at) \
             SELECT 'planner-' || i, \
             CASE i % 4 WHEN 0 THEN 'hampshire' WHEN 1 THEN 'leicestershire' \
             WHEN 2 THEN 'cambridgeshire' ELSE 'other' END, 'Resident ' || i, 0 FROM n",
            "INSERT INTO payments (id, resident_id, permit_type, description, quantity, \
             amount_pence, status, charge_ref, created_at) \
             SELECT 'pay-' || id, id, 'visitor-bundle', 'bundle', 1, 100, 'paid', 'ref', 0 \
             FROM residents WHERE id LIKE 'planner-%'",
            "INSERT INTO bundles (id, resident_id, payment_id, permit_type, permits, remaining, \
             state, bought_at, expires_at) \
             SELECT 'bundle-' || id, id, 'pay-' || id, 'visitor-bundle', 10, 10, 'active', 0, 0 \
             FROM residents WHERE id LIKE 'planner-%'",
            "ANALYZE",
        ] {
            sqlx::query(sql).execute(&mut *conn).await.expect(sql);
        }
    }
    let plan = crate::helpers::query_plan(&app, permit_server::db::bundles::HOUSEHOLD, |q| {
        q.bind("hampshire-000001").bind("hampshire")
    })
    .await;
    assert!(
        plan.iter().any(|step| step.contains("bundles_property")),
        "{plan:?}"
    );
}
