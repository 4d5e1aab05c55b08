//! The phone channel (ACT-6): an agent verifies the caller, then books, lists and cancels their
//! stays; every step is audited.

use crate::helpers::{assert_refused, bundles, key, spawn_app, stand_at};
use permit_client::types::{AgentStayBooking, CallerVerification};
use permit_test_support::PaysOnSandbox;

fn caller(contact: &str) -> CallerVerification {
    CallerVerification {
        postcode: "so23 8uj".into(),
        house: "12".into(),
        contact: contact.into(),
    }
}

#[tokio::test]
async fn act6_an_agent_books_lists_and_cancels_a_stay_for_a_verified_caller() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    let resident = app.resident("hampshire", "phone@example.org").await;
    resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect("bought");
    let agent = app
        .staff("hampshire", "agent", "agent@hampshire.gov.example")
        .await;
    let call = agent
        .verify_caller(&caller("phone@example.org"))
        .await
        .expect("verified");
    assert_eq!(call.resident_name, "Sam Resident");
    let tomorrow = permit_rules::time::from_local(
        chrono::NaiveDateTime::parse_from_str("2026-07-02 08:00", "%Y-%m-%d %H:%M")
            .expect("wall time"),
    );
    let booking = AgentStayBooking {
        vrm: "AB12 CDE".into(),
        permit_type: None,
        start: tomorrow,
        end: tomorrow + chrono::Duration::hours(15) + chrono::Duration::minutes(59),
        non_uk_plate: false,
        confirm_overlap: false,
    };
    let stay = agent
        .agent_book_stay(&call.id, &booking)
        .await
        .expect("booked");
    assert_eq!(
        resident.stays("upcoming").await.expect("stays")[0].id,
        stay.id
    );
    assert_eq!(agent.agent_stays(&call.id).await.expect("list").len(), 1);
    let cancelled = agent
        .agent_cancel_stay(&call.id, &stay.id)
        .await
        .expect("cancelled");
    assert_eq!(cancelled.status, "cancelled");
    let officer = app.officer("hampshire").await;
    let actions: Vec<String> = officer
        .audit_log()
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "agent_cancelled_stay",
            "agent_booked_stay",
            "agent_verification"
        ]
    );
}

#[tokio::test]
async fn act6_a_caller_whose_details_do_not_match_gets_no_agent_action() {
    let app = spawn_app().await;
    app.resident("hampshire", "match@example.org").await;
    let agent = app
        .staff("hampshire", "agent", "agent@hampshire.gov.example")
        .await;
    let wrong_house = CallerVerification {
        house: "14".into(),
        ..caller("match@example.org")
    };
    let error = agent.verify_caller(&wrong_house).await.expect_err("house");
    assert_refused(&error, None, "verification_failed", None);
    let error = agent
        .verify_caller(&caller("other@example.org"))
        .await
        .expect_err("contact");
    assert_refused(&error, None, "verification_failed", None);
    let error = agent
        .agent_stays("call_made_up")
        .await
        .expect_err("no such call");
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn act6_a_call_lasts_30_minutes_and_belongs_to_its_agent() {
    let app = spawn_app().await;
    stand_at(&app, "2026-07-01 10:00").await;
    app.resident("hampshire", "ends@example.org").await;
    let agent = app
        .staff("hampshire", "agent", "agent@hampshire.gov.example")
        .await;
    let call = agent
        .verify_caller(&caller("ends@example.org"))
        .await
        .expect("verified");
    let colleague = app
        .staff("hampshire", "agent", "agent2@hampshire.gov.example")
        .await;
    let error = colleague
        .agent_stays(&call.id)
        .await
        .expect_err("not theirs");
    assert_eq!(error.status(), Some(404));
    stand_at(&app, "2026-07-01 10:30").await;
    let agent = app.staff_logged_in("agent@hampshire.gov.example").await;
    assert!(
        agent.agent_stays(&call.id).await.is_ok(),
        "still within 30 minutes"
    );
    stand_at(&app, "2026-07-01 10:31").await;
    let error = agent.agent_stays(&call.id).await.expect_err("ended");
    assert_eq!(error.status(), Some(404));
}
