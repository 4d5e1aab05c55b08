//! The back office's lookup pages (issue 17) in headless Chromium against the real server: an
//! officer finds a resident by a vehicle registration and reads their record (stays, payments
//! and refunds, audit trail); the audit log with its filters; the enforcement-check log reader
//! finding a check made through the enforcement API (ACT-1). Councils never see each other's
//! residents or audit entries, by URL either. Each page is checked with axe-core and
//! photographed at 1280x800 and at a 768 px tablet.

use chrono::Datelike;
use permit_client::types::{ReviewDecision, StayBooking};
use permit_e2e_browser::office::{spawn_server, staff_browser};
use permit_e2e_browser::resident::{buy_visitor_bundle, session_token};
use permit_e2e_browser::{Browser, Size};
use permit_test_support::PaysOnSandbox;
use permit_test_support::enforcement_key;

/// axe-core (no serious or critical violations, nor any other), labelled controls, and at
/// tablet width nothing scrolls sideways.
async fn page_passes_checks(browser: &Browser, page: &str) {
    browser.assert_no_axe_violations(page).await;
    browser.assert_controls_labelled_and_ids_unique(page).await;
    browser.assert_no_sideways_scroll(page).await;
}

/// A Hampshire resident with a bundle of visitor permits and a stay booked now for AB12 CDE:
/// their session token and the stay's start.
async fn resident_with_a_stay(
    server: &permit_e2e_browser::TestServer,
    email: &str,
) -> (String, chrono::DateTime<chrono::Utc>) {
    let token = session_token(server, "hampshire", email).await;
    buy_visitor_bundle(server, &token).await;
    let stay = server
        .client
        .with_token(&token)
        .book_stay(&StayBooking {
            vrm: "AB12 CDE".into(),
            ..StayBooking::default()
        })
        .await
        .expect("a stay booked");
    (token, stay.starts_at)
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn act_3_an_officer_finds_a_resident_by_a_visitors_vrm_and_sees_their_stays() {
    let server = spawn_server().await;
    resident_with_a_stay(&server, "visited@example.org").await;
    let driver = permit_e2e_browser::Chromedriver::start();
    for size in [Size::Desktop, Size::Tablet] {
        // One member of staff per size: each is added through the API.
        let email = format!("officer-{}@hampshire.gov.example", size.name());
        let officer = staff_browser(&driver, &server, ("hampshire", "officer", &email), size).await;
        officer
            .click("nav.office-nav a[href='/office/residents']")
            .await;
        officer.text_containing("h1", "Find a resident").await;
        // Nothing typed: the error is by the field and in the summary.
        officer.click("#search").await;
        officer
            .text_containing("#q-error", "Enter a name, email address, postcode")
            .await;
        officer
            .text_containing(".error-summary a[href='#q']", "Enter a name")
            .await;
        page_passes_checks(&officer, "office lookup with an error").await;
        officer.screenshot("office-residents-error").await;
        // The visitor's plate, typed as on a ticket, finds the resident who booked it.
        officer.fill("#q", "ab12 cde").await;
        officer.click("#search").await;
        officer.text_containing("#matches", "Sam Resident").await;
        officer
            .text_containing("#matches", "visited@example.org")
            .await;
        page_passes_checks(&officer, "office lookup results").await;
        officer.screenshot("office-residents").await;
        // The search is in the URL: a reload keeps it.
        officer.goto("/office/residents?q=AB12CDE").await;
        officer.text_containing("#matches", "Sam Resident").await;
        assert_eq!(officer.value("#q").await, "AB12CDE");
        officer.click("a.resident-link").await;
        officer.text_containing("main h1", "Sam Resident").await;
        officer.text_containing("#stays", "AB12CDE").await;
        officer
            .text_containing("#stays td[data-label='Status']", "Active")
            .await;
        officer
            .text_containing("#payments td[data-label='Status']", "Paid")
            .await;
        officer.text_containing("#registration", "W1").await;
        officer.find("#no-trail").await;
        page_passes_checks(&officer, "office resident record").await;
        officer.screenshot("office-resident").await;
        // The record's URL works on reload.
        let url = officer.current_url().await;
        let path = url
            .strip_prefix(server.url.trim_end_matches('/'))
            .expect("on the server")
            .to_owned();
        officer.goto(&path).await;
        officer.text_containing("#stays", "AB12CDE").await;
        // A plate nobody booked finds no one.
        officer.goto("/office/residents?q=ZZ99ZZZ").await;
        officer.text_containing("#no-matches", "ZZ99ZZZ").await;
    }
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn vp_6_an_officer_of_one_council_cannot_see_another_councils_residents_or_audit_entries() {
    let server = spawn_server().await;
    // A Leicestershire bundle, rejected (VP-6): an audit entry about the resident.
    let token = session_token(&server, "leicestershire", "leics@example.org").await;
    let resident = server.client.with_token(&token);
    let receipt = resident
        .buy(
            "office-lookup-scope",
            &permit_client::types::PurchaseOrder {
                permit_type: "visitor-bundle".into(),
                quantity: 1,
                duration_months: None,
                vrm: None,
                auto_renew: None,
                ..Default::default()
            },
        )
        .await
        .expect("bought, held for review");
    server
        .client
        .decide_purchase(
            &receipt.payment.id,
            &ReviewDecision {
                approve: false,
                reason: Some("The address is outside the permit zone.".into()),
            },
        )
        .await
        .expect("rejected");
    let id = resident.me().await.expect("me").resident_id;
    let driver = permit_e2e_browser::Chromedriver::start();

    // Cambridgeshire's officer: no such resident, no such entry, by search or by URL.
    let cambs = staff_browser(
        &driver,
        &server,
        (
            "cambridgeshire",
            "officer",
            "officer@cambridgeshire.gov.example",
        ),
        Size::Desktop,
    )
    .await;
    cambs.goto("/office/residents?q=leics%40example.org").await;
    cambs.find("#no-matches").await;
    cambs.goto(&format!("/office/residents/{id}")).await;
    cambs.text_containing("h1", "Resident not found").await;
    page_passes_checks(&cambs, "office resident of another council").await;
    cambs.screenshot("office-resident-not-found").await;
    cambs.goto("/office/audit").await;
    cambs.find("#no-entries").await;
    cambs.goto(&format!("/office/audit?resident={id}")).await;
    cambs.find("#no-entries").await;
    cambs.text_containing("#active-filters", &id).await;

    // Leicestershire's officer sees the record, the refund and the trail, and the log.
    for size in [Size::Desktop, Size::Tablet] {
        let email = format!("officer-{}@leicestershire.gov.example", size.name());
        let leics = staff_browser(
            &driver,
            &server,
            ("leicestershire", "officer", &email),
            size,
        )
        .await;
        leics.goto(&format!("/office/residents/{id}")).await;
        leics
            .text_containing("#payments td[data-label='Refunded']", "£20.00")
            .await;
        leics
            .text_containing("#trail", "outside the permit zone")
            .await;
        leics.text_containing("#trail", "Purchase decision").await;
        page_passes_checks(&leics, "office record with a refund").await;
        leics.screenshot("office-resident-refunded").await;
        leics.click("#trail-in-log").await;
        leics.text_containing("h1", "Audit log").await;
        leics
            .text_containing("#audit-entries", "Purchase decision")
            .await;
        leics.text_containing("#active-filters", &id).await;
        // Narrowed by kind and time in the form; a range that ends before it starts is
        // refused by the field.
        leics.click("#drop-resident").await;
        leics.choose("#kind", "purchase_decision").await;
        leics.fill("#from", "5").await;
        leics.fill("#from-month", "3").await;
        leics.fill("#from-year", "2026").await;
        leics.fill("#to", "4").await;
        leics.fill("#to-month", "3").await;
        leics.fill("#to-year", "2026").await;
        leics.click("#apply-filters").await;
        leics
            .text_containing("#to-error", "The end must be after the start")
            .await;
        page_passes_checks(&leics, "office audit log with an error").await;
        leics.screenshot("office-audit-error").await;
        // A range around the test clock's day: the entry is in it.
        for (field, typed) in [
            ("#from", "1"),
            ("#from-month", "1"),
            ("#from-year", "2000"),
            ("#to", "1"),
            ("#to-month", "1"),
            ("#to-year", "2100"),
        ] {
            leics.fill(field, typed).await;
        }
        leics.click("#apply-filters").await;
        leics.gone("#to-error").await;
        leics
            .text_containing("#audit-entries", "outside the permit zone")
            .await;
        let url = leics.current_url().await;
        assert!(url.contains("kind=purchase_decision"), "{url}");
        assert!(url.contains("from=2000-01-01T00"), "{url}");
        leics.find("#audit-entries a.actor-link").await;
        page_passes_checks(&leics, "office audit log").await;
        leics.screenshot("office-audit").await;
        // Another kind: nothing.
        leics.goto("/office/audit?kind=staff_disabled").await;
        leics.find("#no-entries").await;
    }
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn act_1_the_enforcement_reader_finds_a_check_made_through_the_enforcement_api() {
    let server = spawn_server().await;
    let (_, starts_at) = resident_with_a_stay(&server, "checked@example.org").await;
    let key = enforcement_key("hampshire");
    let answer = server
        .client
        .enforcement_check(&key, "AB12CDE", "W1", None)
        .await
        .expect("checked");
    assert!(answer.permitted, "the stay permits it");
    server
        .client
        .enforcement_check(&key, "XY71ABC", "W1", None)
        .await
        .expect("checked");
    let driver = permit_e2e_browser::Chromedriver::start();
    for size in [Size::Desktop, Size::Tablet] {
        // One member of staff per size: each is added through the API.
        let email = format!("officer-{}@hampshire.gov.example", size.name());
        let officer = staff_browser(&driver, &server, ("hampshire", "officer", &email), size).await;
        officer
            .click("nav.office-nav a[href='/office/enforcement']")
            .await;
        officer.text_containing("h1", "Enforcement checks").await;
        // Nothing typed: the registration is asked for; a date missing its year is named.
        officer.fill("#from", "1").await;
        officer.fill("#from-month", "1").await;
        officer.click("#find-checks").await;
        officer
            .text_containing("#vrm-error", "Enter the vehicle registration")
            .await;
        officer
            .text_containing("#from-error", "The start must include a year")
            .await;
        page_passes_checks(&officer, "office enforcement with errors").await;
        officer.screenshot("office-enforcement-error").await;
        // The plate as on the ticket and the day of the stay.
        let day = starts_at.date_naive();
        officer.fill("#vrm", "ab12 cde").await;
        officer.fill("#from", &day.day().to_string()).await;
        officer.fill("#from-month", &day.month().to_string()).await;
        officer.fill("#from-year", &day.year().to_string()).await;
        officer.click("#find-checks").await;
        officer
            .text_containing("#checks", "Permitted by a visitor stay")
            .await;
        officer.text_containing("#checks", "W1").await;
        let checks = officer.text_containing("#checks", "AB12CDE").await;
        assert!(!checks.contains("XY71ABC"), "only the plate asked about");
        page_passes_checks(&officer, "office enforcement checks").await;
        officer.screenshot("office-enforcement").await;
        // Reload keeps the search; the other plate's check was "not permitted".
        officer.goto("/office/enforcement?vrm=XY71ABC").await;
        officer.text_containing("#checks", "Not permitted").await;
        // A range that ends before the stay's day finds nothing.
        officer
            .goto("/office/enforcement?vrm=AB12CDE&to=2000-01-01T00:00:00Z")
            .await;
        officer.find("#no-checks").await;
    }
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn the_office_login_and_home_pages_at_tablet_width() {
    let server = spawn_server().await;
    let driver = permit_e2e_browser::Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Tablet).await;
    browser.goto("/office/login").await;
    browser
        .text_containing("h1", "Log in to the back office")
        .await;
    page_passes_checks(&browser, "office login at tablet width").await;
    browser.screenshot("office-login").await;
    let officer = staff_browser(
        &driver,
        &server,
        ("hampshire", "officer", "officer@hampshire.gov.example"),
        Size::Tablet,
    )
    .await;
    officer.text_containing("main", "Find a resident").await;
    officer.text_containing("main", "Enforcement checks").await;
    page_passes_checks(&officer, "office home at tablet width").await;
    officer.screenshot("office-home").await;
}
