//! The back office's phone console (ACT-6) and staff management (issue 17) in headless
//! Chromium against the real server: an agent verifies a caller and books, lists and cancels
//! for them; an admin adds, re-roles and disables staff, and a disabled officer's open tab is
//! signed out at its next request. Each role sees only its own menu entries, and a page of
//! another role says "no access". Every page is checked with axe-core and photographed at
//! 1280x800 and at a 768 px tablet.

use chrono::{Datelike, Days};
use permit_client::Client;
use permit_e2e_browser::office::spawn_server;
use permit_e2e_browser::{Browser, Chromedriver, Size, TestServer};
use permit_rules::Pence;
use permit_test_support::PaysOnSandbox;

/// axe-core (no serious or critical violations, nor any other) and labelled controls.
async fn checked(browser: &Browser, page: &str, shot: &str) {
    browser.assert_no_axe_violations(page).await;
    browser.assert_controls_labelled_and_ids_unique(page).await;
    browser.screenshot(shot).await;
}

/// A member of staff added through the test-mode API, logged in, in a browser of one size.
async fn staff_tab(
    driver: &Chromedriver,
    server: &TestServer,
    member: (&str, &str, &str),
    size: Size,
) -> (Browser, Client) {
    let (council, role, email) = member;
    let client = server.staff(council, role, email).await;
    let browser = Browser::open(driver, &server.url, size).await;
    browser
        .office_session(client.token().expect("a staff session"))
        .await;
    (browser, client)
}

/// Types a UK date (day, month, year) and time into the date-and-time question `id`.
async fn type_when(browser: &Browser, id: &str, date: chrono::NaiveDate, time: &str) {
    browser
        .fill(&format!("#{id}"), &date.day().to_string())
        .await;
    browser
        .fill(&format!("#{id}-month"), &date.month().to_string())
        .await;
    browser
        .fill(&format!("#{id}-year"), &date.year().to_string())
        .await;
    browser.fill(&format!("#{id}-time"), time).await;
}

async fn verify_caller(browser: &Browser, postcode: &str, house: &str, contact: &str) {
    browser.fill("#postcode", postcode).await;
    browser.fill("#house", house).await;
    browser.fill("#contact", contact).await;
    browser.click("#verify").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn act_6_an_agent_books_a_stay_for_a_verified_caller() {
    let server = spawn_server().await;
    let resident = server.resident("hampshire", "caller@example.org").await;
    let bundle = permit_client::types::PurchaseOrder {
        permit_type: "visitor-bundle".into(),
        quantity: 1,
        duration_months: None,
        vrm: None,
        auto_renew: None,
        ..Default::default()
    };
    resident
        .buy("office-agent-bundle", &bundle)
        .await
        .expect("bought");
    let driver = Chromedriver::start();
    let (agent, _) = staff_tab(
        &driver,
        &server,
        ("hampshire", "agent", "agent@hampshire.gov.example"),
        Size::Desktop,
    )
    .await;

    // The agent's menu: the console, not the queue nor staff; those say "no access".
    agent.text_containing("main .menu", "Phone console").await;
    assert!(!agent.has("nav.office-nav a[href='/office/queue']").await);
    assert!(!agent.has("nav.office-nav a[href='/office/staff']").await);
    agent.goto("/office/staff").await;
    agent
        .text_containing("h1", "You do not have access to this page")
        .await;
    checked(&agent, "office no access", "office-no-access").await;

    // Verify the caller: each answer is needed, and all three must match.
    agent.click("nav.office-nav a[href='/office/calls']").await;
    agent.text_containing("h1", "Verify the caller").await;
    checked(&agent, "office verify caller", "office-call-verify").await;
    agent.click("#verify").await;
    agent
        .text_containing("#house-error", "house number or name")
        .await;
    checked(
        &agent,
        "office verify caller errors",
        "office-call-verify-error",
    )
    .await;
    verify_caller(&agent, "SO23 8UJ", "14", "caller@example.org").await;
    agent
        .text_containing(".error-summary", "do not match an account")
        .await;
    agent.fill("#house", "12").await;
    agent.click("#verify").await;
    agent.text_containing("#caller-name", "Sam Resident").await;
    agent.text_containing("h1", "Call with Sam Resident").await;
    agent.find("#no-stays").await;
    checked(&agent, "office call", "office-call").await;

    // Book a stay for tomorrow, typed as the caller says it, checked back, then booked.
    let now = server.client.health().await.expect("health").now;
    let tomorrow = permit_rules::time::local_date(now)
        .checked_add_days(Days::new(1))
        .expect("tomorrow");
    agent.click("#book-stay").await;
    agent
        .text_containing("h1", "Book a stay for the caller")
        .await;
    agent.click("#continue").await;
    agent
        .text_containing("#vrm-error", "Enter the vehicle registration")
        .await;
    agent
        .text_containing("#start-time-error", "Enter the time the stay starts")
        .await;
    checked(&agent, "office book with errors", "office-call-book-error").await;
    agent.fill("#vrm", "ab12 cde").await;
    type_when(&agent, "start", tomorrow, "8am").await;
    type_when(&agent, "end", tomorrow, "23:59").await;
    agent.click("#continue").await;
    agent
        .text_containing("h1", "Check the stay with the caller")
        .await;
    agent.text_containing("#check-answers", "AB12CDE").await;
    agent.text_containing("#check-answers", "08:00 on").await;
    agent.text_containing("#check-answers", "23:59 on").await;
    checked(&agent, "office book check", "office-call-book-check").await;
    agent.click("#book").await;
    agent.text_containing("#booked", "Stay booked").await;
    checked(&agent, "office booked", "office-call-booked").await;

    // The stay is the resident's: in their own list of stays.
    let stays = resident.stays("upcoming").await.expect("stays");
    assert_eq!(
        stays.iter().map(|s| s.vrm.as_str()).collect::<Vec<_>>(),
        ["AB12CDE"]
    );
    assert_eq!(stays[0].status, "upcoming");

    // Back in the call (which reloads at its URL), the stay is listed; cancel it.
    agent.click("#back-to-call").await;
    agent.text_containing("#stays", "AB12CDE").await;
    let call_url = agent
        .current_url()
        .await
        .trim_start_matches(server.url.trim_end_matches('/'))
        .to_owned();
    agent.goto(&call_url).await;
    agent.text_containing("#caller-name", "Sam Resident").await;
    agent.text_containing("#stays", "AB12CDE").await;
    agent.click("a.cancel-stay").await;
    agent.text_containing("h1", "Cancel this stay?").await;
    checked(&agent, "office cancel stay", "office-call-cancel-stay").await;
    agent.click("#confirm-cancel").await;
    agent
        .text_containing("#stay-cancelled", "Stay cancelled")
        .await;
    let stays = resident.stays("upcoming").await.expect("stays");
    assert!(stays.is_empty(), "{stays:?}");

    // Each step is audited with the agent's name.
    let audit = server
        .officer("hampshire")
        .await
        .audit_log()
        .await
        .expect("audit");
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert!(
        audit.iter().all(|e| e
            .detail
            .as_deref()
            .is_some_and(|d| d.ends_with(" by Pat Officer"))),
        "{audit:?}"
    );
    assert_eq!(
        actions,
        [
            "agent_cancelled_stay",
            "agent_booked_stay",
            "agent_verification",
            "agent_verification"
        ]
    );

    // End the call: its pages no longer act for the caller.
    agent.click("#back-to-call").await;
    agent.click("#end-call").await;
    agent.find("#call-ended").await;
    agent.goto(&call_url).await;
    agent.text_containing("h1", "This call is not open").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn act_6_rp_5_rp_6_an_agent_switches_auto_renewal_off_and_cancels_a_permit_at_tablet_width() {
    let server = spawn_server().await;
    let token = permit_e2e_browser::resident::session_token(
        &server,
        "leicestershire",
        "permit-caller@example.org",
    )
    .await;
    let order = permit_client::types::PurchaseOrder {
        permit_type: "resident".into(),
        quantity: 1,
        duration_months: Some(12),
        vrm: Some("AB12CDE".into()),
        auto_renew: None,
        ..Default::default()
    };
    server
        .client
        .with_token(&token)
        .buy("office-agent-permit", &order)
        .await
        .expect("bought");
    permit_e2e_browser::resident::approve_newest_purchase(&server, &token).await;
    let driver = Chromedriver::start();
    let (agent, _) = staff_tab(
        &driver,
        &server,
        (
            "leicestershire",
            "agent",
            "agent@leicestershire.gov.example",
        ),
        Size::Tablet,
    )
    .await;
    agent.goto("/office/calls").await;
    agent.text_containing("h1", "Verify the caller").await;
    checked(
        &agent,
        "office verify caller at tablet width",
        "office-call-verify",
    )
    .await;
    verify_caller(&agent, "le11 3ab", "7", "permit-caller@example.org").await;
    agent.text_containing("#permits", "AB12CDE").await;
    agent.text_containing("#permits", "On").await;
    checked(&agent, "office call at tablet width", "office-call").await;

    // RP-6: auto-renewal off, from the row.
    agent.click("button.auto-renew-off").await;
    agent
        .text_containing("#permit-said", "Auto-renewal is now off for AB12CDE")
        .await;
    agent.gone("button.auto-renew-off").await;

    // The booking question at tablet width.
    agent.click("#book-stay").await;
    agent.click("#continue").await;
    agent.find("#vrm-error").await;
    checked(
        &agent,
        "office book at tablet width",
        "office-call-book-error",
    )
    .await;
    agent.click("#back-from-book").await;

    // RP-5: cancel the permit after a confirmation, with the council's refund.
    agent.click("a.cancel-permit").await;
    agent.text_containing("h1", "Cancel this permit?").await;
    checked(&agent, "office cancel permit", "office-call-cancel-permit").await;
    agent.click("#confirm-cancel-permit").await;
    agent
        .text_containing("#permit-cancelled", "Refund: £")
        .await;
    checked(
        &agent,
        "office permit cancelled",
        "office-call-permit-cancelled",
    )
    .await;
    let permits = server
        .client
        .with_token(&token)
        .permits()
        .await
        .expect("permits");
    assert_eq!(permits[0].state, "cancelled");
    assert!(!permits[0].auto_renew);
}

/// RP-2 with RP-6: switched off by an agent on a permit whose renewal awaits the council's
/// review, both periods stop renewing (the server's rule): the page reads the caller's permits
/// again, so the renewal's row says "Off" too without a reload, and the confirmation stays.
#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn act_6_rp_2_rp_6_switching_off_a_permit_whose_renewal_awaits_review_shows_both_off() {
    use permit_e2e_browser::resident::{approve_newest_purchase, new_session, session_token};
    let server = spawn_server().await;
    let email = "permit-caller-renewing@example.org";
    let token = session_token(&server, "leicestershire", email).await;
    let order = permit_client::types::PurchaseOrder {
        permit_type: "resident".into(),
        quantity: 1,
        duration_months: Some(12),
        vrm: Some("AB12CDE".into()),
        auto_renew: Some(true),
        ..Default::default()
    };
    let resident = server.client.with_token(&token);
    resident
        .buy("office-renewing", &order)
        .await
        .expect("bought");
    approve_newest_purchase(&server, &token).await;
    // Renewal opens and the card is declined; renewed by hand with the tick, not yet decided.
    server.payments.decline_recurring_charges(true);
    server
        .client
        .advance_clock(340 * 24 * 3600)
        .await
        .expect("clock");
    let token = new_session(&server, "leicestershire", email).await;
    let resident = server.client.with_token(&token);
    let old = resident.permits().await.expect("permits").remove(0);
    let renewal = permit_client::types::RenewalOrder {
        auto_renew: Some(true),
        ..Default::default()
    };
    let receipt = resident
        .renew(&old.id, "office-renewal", &renewal)
        .await
        .expect("renewed");
    let next = receipt.permit.expect("the next period");
    assert_eq!(next.state, "pending_review");

    let driver = Chromedriver::start();
    let member = (
        "leicestershire",
        "agent",
        "agent@leicestershire.gov.example",
    );
    let (agent, _) = staff_tab(&driver, &server, member, Size::Desktop).await;
    agent.goto("/office/calls").await;
    verify_caller(&agent, "le11 3ab", "7", email).await;
    let renews = |id: &str| format!("#permits tr[data-id='{id}'] td[data-label='Auto-renewal']");
    for period in [&old.id, &next.id] {
        agent.text_containing(&renews(period), "On").await;
    }
    agent.click("button.auto-renew-off").await;
    for period in [&old.id, &next.id] {
        agent.text_containing(&renews(period), "Off").await;
    }
    agent
        .text_containing("#permit-said", "Auto-renewal is now off for AB12CDE")
        .await;
    checked(
        &agent,
        "office call, renewal under review switched off",
        "office-call-renewal-under-review-off",
    )
    .await;

    // RP-5 with RP-2: cancelling the period withdraws the renewal, said before confirming.
    agent
        .click(&format!(
            "#permits tr[data-id='{}'] a.cancel-permit",
            old.id
        ))
        .await;
    agent
        .text_containing("#renewal-withdrawn", "refunded in full")
        .await;
    checked(
        &agent,
        "office cancel a permit whose renewal awaits review",
        "office-call-cancel-renewal-under-review",
    )
    .await;
    agent.click("#confirm-cancel-permit").await;
    agent
        .text_containing(
            "#permit-cancelled",
            &format!("Refund: {}", Pence(next.price_pence)),
        )
        .await;
    let now = resident.permits().await.expect("permits");
    let states: Vec<_> = now.iter().map(|p| p.state.as_str()).collect();
    assert_eq!(states, ["cancelled", "cancelled"]);
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn an_admin_disables_an_officer_whose_next_request_gets_401() {
    let server = spawn_server().await;
    let driver = Chromedriver::start();
    let officer_email = "officer@cambridgeshire.gov.example";
    let (officer, officer_api) = staff_tab(
        &driver,
        &server,
        ("cambridgeshire", "officer", officer_email),
        Size::Desktop,
    )
    .await;
    // The officer's menu has neither the console nor staff, and the pages say so by URL.
    assert!(!officer.has("nav.office-nav a[href='/office/calls']").await);
    assert!(!officer.has("nav.office-nav a[href='/office/staff']").await);
    officer.goto("/office/calls").await;
    officer
        .text_containing("#no-access", "for phone agents")
        .await;
    officer.goto("/office/queue").await;
    officer.find("#queue-empty").await;

    let admin_email = "admin@cambridgeshire.gov.example";
    let (admin, _) = staff_tab(
        &driver,
        &server,
        ("cambridgeshire", "admin", admin_email),
        Size::Desktop,
    )
    .await;
    assert!(!admin.has("nav.office-nav a[href='/office/queue']").await);
    admin.click("nav.office-nav a[href='/office/staff']").await;
    admin.text_containing("#staff", officer_email).await;
    checked(&admin, "office staff", "office-staff").await;

    // Add a member: each answer is needed; checked before adding.
    admin.click("#add-member").await;
    admin.text_containing("h1", "Add a member of staff").await;
    admin.click("#continue").await;
    admin.text_containing("#role-error", "Choose").await;
    checked(&admin, "office add staff errors", "office-staff-new-error").await;
    admin.fill("#full_name", "Alex Agent").await;
    admin
        .fill("#email", "alex@cambridgeshire.gov.example")
        .await;
    admin.click("#role-agent").await;
    admin.click("#continue").await;
    admin.text_containing("#check-answers", "Phone agent").await;
    checked(&admin, "office add staff check", "office-staff-new-check").await;
    admin.click("#add").await;
    admin
        .text_containing("#added", "Member of staff added")
        .await;
    checked(&admin, "office staff added", "office-staff-added").await;

    // The only admin cannot take another role: the refusal is by the question.
    admin.click("#back-to-staff").await;
    admin
        .click(&format!("tr[data-email='{admin_email}'] a.manage-link"))
        .await;
    admin.click("#role").await;
    admin.click("#save-role").await;
    admin
        .text_containing("#role-error", "only admin, who cannot take another role")
        .await;
    checked(&admin, "office last admin", "office-staff-last-admin").await;

    // Disable the officer, after a confirmation step.
    admin.goto("/office/staff").await;
    admin
        .click(&format!("tr[data-email='{officer_email}'] a.manage-link"))
        .await;
    admin.text_containing("h1", "Pat Officer").await;
    checked(&admin, "office staff member", "office-staff-member").await;
    admin.click("#disable-member").await;
    admin.text_containing("h1", "Disable Pat Officer?").await;
    checked(&admin, "office disable staff", "office-staff-disable").await;
    admin.click("#confirm-disable").await;
    admin.text_containing("#disabled", "Account disabled").await;
    checked(&admin, "office staff disabled", "office-staff-disabled").await;

    // The officer's next request is a 401, and their open tab shows they are signed out.
    let refused = officer_api.staff_me().await.expect_err("disabled");
    assert_eq!(refused.status(), Some(401));
    officer.click("#filter-registration").await;
    officer
        .text_containing("main", "You need to log in to see this page.")
        .await;
    assert!(!officer.has("#who").await);
    officer.screenshot("office-signed-out").await;

    // The staff pages at tablet width.
    let again = server.staff_logged_in(admin_email).await;
    let tablet = Browser::open(&driver, &server.url, Size::Tablet).await;
    tablet.office_session(again.token().expect("session")).await;
    tablet.goto("/office/staff").await;
    tablet.text_containing("#staff", "Disabled").await;
    checked(&tablet, "office staff at tablet width", "office-staff").await;
    tablet.goto("/office/staff/new").await;
    tablet.find("#full_name").await;
    checked(
        &tablet,
        "office add staff at tablet width",
        "office-staff-new",
    )
    .await;
    tablet.goto("/office/staff").await;
    tablet
        .click(&format!("tr[data-email='{admin_email}'] a.manage-link"))
        .await;
    tablet.find("#save-role").await;
    checked(
        &tablet,
        "office staff member at tablet width",
        "office-staff-member",
    )
    .await;
    // Nor can the only admin disable themself: the refusal is in the summary.
    tablet.click("#disable-member").await;
    tablet.text_containing("h1", "Disable Pat Officer?").await;
    tablet.click("#confirm-disable").await;
    tablet
        .text_containing(".error-summary", "only admin, who cannot be disabled")
        .await;
    checked(
        &tablet,
        "office last admin disable at tablet width",
        "office-staff-disable",
    )
    .await;
}
