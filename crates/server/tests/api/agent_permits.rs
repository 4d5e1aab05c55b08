//! The phone channel beyond stays (ACT-6 with RP-6, AVP-4): for a verified caller an agent
//! cancels a permit and switches auto-renewal off, takes a stay down by its start and end, and
//! every step is in the audit log with the agent's name.

use crate::helpers::{TestApp, assert_refused, spawn_app, stand_at};
use crate::permits::{leicester_permit, resident_permit};
use permit_client::Client;
use permit_client::types::{AgentStayBooking, CallerVerification};

pub(crate) async fn agent_on_the_line(
    app: &TestApp,
    council: &str,
    caller: CallerVerification,
) -> (Client, String) {
    let agent = app
        .staff_named(
            council,
            "agent",
            &format!("agent@{council}.gov.example"),
            "Robin Agent",
        )
        .await;
    let call = agent.verify_caller(&caller).await.expect("verified");
    (agent, call.id)
}

async fn audit(app: &TestApp, council: &str) -> Vec<(String, String, String)> {
    app.staff(
        council,
        "officer",
        &format!("officer@{council}.gov.example"),
    )
    .await
    .audit_log()
    .await
    .expect("audit")
    .into_iter()
    .map(|e| (e.action, e.actor, e.detail.unwrap_or_default()))
    .collect()
}

#[tokio::test]
async fn act6_rp6_an_agent_switches_auto_renewal_off_for_a_verified_caller() {
    let app = spawn_app().await;
    let (resident, permit) = resident_permit(&app, "rp6-phone@example.org").await;
    assert!(permit.auto_renew);
    let caller = CallerVerification {
        postcode: "LE11 3AB".into(),
        house: "7".into(),
        contact: "rp6-phone@example.org".into(),
    };
    let (agent, call) = agent_on_the_line(&app, "leicestershire", caller).await;
    let listed = agent.agent_permits(&call).await.expect("permits");
    assert_eq!(
        listed.iter().map(|p| &p.id).collect::<Vec<_>>(),
        [&permit.id]
    );
    let off = agent
        .agent_set_auto_renew(&call, &permit.id, false)
        .await
        .expect("switched off");
    assert!(!off.auto_renew);
    assert!(
        !resident
            .permit(&permit.id)
            .await
            .expect("permit")
            .auto_renew
    );
    let log = audit(&app, "leicestershire").await;
    assert_eq!(log[0].0, "agent_auto_renew_off");
    assert!(log[0].1.starts_with("staff:"));
    assert_eq!(log[0].2, format!("{call} by Robin Agent"));
    assert_eq!(log[1].0, "agent_verification");
    assert_eq!(log[1].2, "verified by Robin Agent");
}

#[tokio::test]
async fn act6_avp4_an_agent_cancels_a_permit_with_the_councils_refund() {
    let app = spawn_app().await;
    stand_at(&app, "2026-01-15 10:00").await;
    let (_, permit) = leicester_permit(&app, "avp4-phone@example.org").await;
    stand_at(&app, "2026-03-20 12:00").await;
    let caller = CallerVerification {
        postcode: "le2 1dl".into(),
        house: "18".into(),
        contact: "avp4-phone@example.org".into(),
    };
    let (agent, call) = agent_on_the_line(&app, "leicester", caller).await;
    let cancelled = agent
        .agent_cancel_permit(&call, &permit.id)
        .await
        .expect("cancelled");
    // As the resident's own cancel: 9 of 12 months unused, £50 × 9/12 − £10 fee.
    assert_eq!(cancelled.refund_pence, 2750);
    assert_eq!(cancelled.permit.state, "cancelled");
    app.refunds_sent(1).await;
    assert_eq!(app.payments.refunds(), 1);
    let error = agent
        .agent_cancel_permit(&call, &permit.id)
        .await
        .expect_err("twice");
    assert_refused(&error, 409, "permit_not_active", None);
    let log = audit(&app, "leicester").await;
    assert_eq!(log[0].0, "agent_cancelled_permit");
    assert_eq!(log[0].2, format!("{call} by Robin Agent"));
}

#[tokio::test]
async fn act6_an_agent_cannot_touch_a_permit_outside_the_call() {
    let app = spawn_app().await;
    let (_, theirs) = resident_permit(&app, "other-caller@example.org").await;
    app.resident("leicestershire", "on-the-line@example.org")
        .await;
    let caller = CallerVerification {
        postcode: "LE11 3AB".into(),
        house: "7".into(),
        contact: "on-the-line@example.org".into(),
    };
    let (agent, call) = agent_on_the_line(&app, "leicestershire", caller).await;
    let error = agent
        .agent_cancel_permit(&call, &theirs.id)
        .await
        .expect_err("another resident's permit");
    assert_eq!(error.status(), Some(404));
    let error = agent
        .agent_set_auto_renew("call_made_up", &theirs.id, false)
        .await
        .expect_err("no such call");
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn act6_the_agent_enters_the_start_and_end_and_a_wrong_end_is_refused() {
    let app = spawn_app().await;
    let start = stand_at(&app, "2026-07-01 10:00").await + chrono::Duration::hours(1);
    let resident = app.resident("leicestershire", "ends@example.org").await;
    app.approved_purchase(&resident, &crate::helpers::bundles("visitor-bundle", 1))
        .await;
    let caller = CallerVerification {
        postcode: "LE11 3AB".into(),
        house: "7".into(),
        contact: "ends@example.org".into(),
    };
    let (agent, call) = agent_on_the_line(&app, "leicestershire", caller).await;
    let wrong = AgentStayBooking {
        vrm: "AB12CDE".into(),
        permit_type: None,
        start,
        end: start + chrono::Duration::minutes(90),
        non_uk_plate: false,
        confirm_overlap: false,
    };
    let error = agent
        .agent_book_stay(&call, &wrong)
        .await
        .expect_err("90 minutes");
    assert_refused(&error, 422, "end_not_offered", Some("end"));
    let three_hours = AgentStayBooking {
        end: start + chrono::Duration::hours(3),
        ..wrong
    };
    let stay = agent
        .agent_book_stay(&call, &three_hours)
        .await
        .expect("booked");
    assert_eq!(
        (stay.starts_at, stay.ends_at),
        (start, start + chrono::Duration::hours(3))
    );
}
