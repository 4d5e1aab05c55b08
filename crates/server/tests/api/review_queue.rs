//! The back office's review queue (issue 17): who is logged in with the council's review
//! target and rejection reasons, each item's due time against that target (REG-3: 24 hours in
//! Cambridgeshire), overdue first, filtered by kind, paged with the total, and one item by id,
//! scoped to the officer's council.

use crate::helpers::{bundles, key, spawn_app, vehicle_permit};
use permit_client::types::QueueKind;
use permit_test_support::PaysOnSandbox;

const PDF: &[u8] = b"%PDF-1.4 council tax bill";

#[tokio::test]
async fn reg_3_staff_me_names_the_member_their_council_and_its_review_target_and_reasons() {
    let app = spawn_app().await;
    let officer = app.officer("cambridgeshire").await;
    let me = officer.staff_me().await.expect("me");
    assert_eq!(
        (
            me.role.as_str(),
            me.council.as_str(),
            me.review_target_hours
        ),
        ("officer", "cambridgeshire", 24)
    );
    assert_eq!(me.council_name, "Cambridgeshire County Council");
    assert!(me.reject_reasons.len() >= 3, "{:?}", me.reject_reasons);
    let agent = app
        .staff("leicestershire", "agent", "agent@leics.gov.example")
        .await;
    let me = agent.staff_me().await.expect("me");
    assert_eq!((me.role.as_str(), me.review_target_hours), ("agent", 48));
    officer.staff_log_out().await.expect("logged out");
    assert_eq!(
        officer.staff_me().await.expect_err("ended").status(),
        Some(401)
    );
}

#[tokio::test]
async fn reg_3_an_item_is_overdue_after_the_councils_target_and_overdue_items_come_first() {
    let app = spawn_app().await;
    let first = app.resident("cambridgeshire", "first@example.org").await;
    first
        .upload_registration_proof("application/pdf", PDF.to_vec())
        .await
        .expect("proof");
    let officer = app.officer("cambridgeshire").await;
    let (queue, total) = officer
        .review_queue_page(None, 100, 0)
        .await
        .expect("queue");
    assert_eq!(total, 1);
    let item = &queue[0];
    assert_eq!(item.due_at - item.submitted_at, chrono::Duration::hours(24));
    assert!(!item.overdue);

    app.client.advance_clock(24 * 3600).await.expect("clock");
    // A day later the session has long ended (30 minutes idle): the officer logs in again.
    let officer = app
        .staff_logged_in("officer@cambridgeshire.gov.example")
        .await;
    let (queue, _) = officer
        .review_queue_page(None, 100, 0)
        .await
        .expect("queue");
    assert!(!queue[0].overdue, "due exactly now is not yet late");
    app.client.advance_clock(60).await.expect("clock");
    let second = app.resident("cambridgeshire", "second@example.org").await;
    second
        .upload_registration_proof("application/pdf", PDF.to_vec())
        .await
        .expect("proof");
    let (queue, total) = officer
        .review_queue_page(None, 100, 0)
        .await
        .expect("queue");
    assert_eq!(total, 2);
    assert_eq!(
        queue.iter().map(|i| i.overdue).collect::<Vec<_>>(),
        [true, false]
    );
    let one = officer.review_item(&queue[0].id).await.expect("one item");
    assert_eq!(one, queue[0]);
}

#[tokio::test]
async fn avp_1_the_queue_filters_by_kind_evidence_apart_from_other_purchases() {
    let app = spawn_app().await;
    let resident = app.resident("leicester", "kinds@example.org").await;
    let care = resident
        .buy(
            &key(),
            &vehicle_permit("annual-visitor-care", "AB12CDE", None),
        )
        .await
        .expect("bought");
    let plain = resident
        .buy(
            &key(),
            &vehicle_permit("annual-visitor", "CD34EFG", Some(12)),
        )
        .await;
    let officer = app.officer("leicester").await;
    let (evidence, total) = officer
        .review_queue_page(Some(QueueKind::Evidence), 100, 0)
        .await
        .expect("evidence");
    assert_eq!(total, 1);
    assert_eq!(evidence[0].id, care.payment.id);
    assert!(evidence[0].evidence);
    let (purchases, _) = officer
        .review_queue_page(Some(QueueKind::Purchase), 100, 0)
        .await
        .expect("purchases");
    assert!(
        purchases
            .iter()
            .all(|i| !i.evidence && i.kind == "purchase")
    );
    let (registrations, total) = officer
        .review_queue_page(Some(QueueKind::Registration), 100, 0)
        .await
        .expect("registrations");
    assert_eq!((registrations.len(), total), (0, 0));
    // Whether the plain annual permit is reviewed is the council file's to say; either way
    // the two filters never share an item.
    if let Ok(plain) = plain {
        assert!(evidence.iter().all(|i| i.id != plain.payment.id));
    }
}

#[tokio::test]
async fn vp_6_the_queue_is_paged_with_its_total_and_a_fixed_maximum_page() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "pages@example.org").await;
    for vrm in ["AB12CDE", "CD34EFG", "EF56GHJ"] {
        resident
            .buy(&key(), &vehicle_permit("resident", vrm, Some(12)))
            .await
            .expect("bought");
    }
    let officer = app.officer("leicestershire").await;
    let (all, total) = officer.review_queue_page(None, 100, 0).await.expect("all");
    assert_eq!((all.len(), total), (3, 3));
    let (second, total) = officer.review_queue_page(None, 2, 2).await.expect("page 2");
    assert_eq!((second.len(), total), (1, 3));
    assert_eq!(second[0], all[2]);
    let error = officer
        .review_queue_page(None, 101, 0)
        .await
        .expect_err("over the maximum");
    assert_eq!(error.status(), Some(400));
    let bad = reqwest::Client::new()
        .get(format!(
            "http://127.0.0.1:{}/api/v1/officer/queue?kind=everything",
            app.port
        ))
        .bearer_auth(officer.token().expect("token"))
        .send()
        .await
        .expect("GET");
    assert_eq!(bad.status(), reqwest::StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_officer_cannot_open_another_councils_item_by_its_id() {
    let app = spawn_app().await;
    let resident = app.resident("leicestershire", "scope2@example.org").await;
    let receipt = resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let cambs = app.officer("cambridgeshire").await;
    let error = cambs
        .review_item(&receipt.payment.id)
        .await
        .expect_err("not theirs");
    assert_eq!(error.status(), Some(404));
    let leics = app.officer("leicestershire").await;
    assert_eq!(
        leics
            .review_item(&receipt.payment.id)
            .await
            .expect("theirs")
            .id,
        receipt.payment.id
    );
    let agent = app
        .staff("leicestershire", "agent", "agent2@leics.gov.example")
        .await;
    assert_eq!(
        agent
            .review_item(&receipt.payment.id)
            .await
            .expect_err("officers only")
            .status(),
        Some(404)
    );
}

/// At a council's size the queue must not scan bundles and permits for each payment (it took
/// more than a minute at 50,000 households before the payment indexes).
#[tokio::test]
async fn the_queue_finds_each_payments_bundles_and_permits_by_index() {
    let app = spawn_app().await;
    let plan = crate::helpers::query_plan(&app, permit_server::db::queue::QUEUE, |q| {
        q.bind("hampshire")
    })
    .await;
    for index in ["bundles_payment", "permits_payment"] {
        assert!(
            plan.iter().any(|step| step.contains(index)),
            "{index}: {plan:?}"
        );
    }
}
