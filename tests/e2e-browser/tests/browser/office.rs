//! The council's back office (issue 17) in headless Chromium against the real server: an
//! officer logs in with the emailed code and works the review queue (REG-3, VP-6, RP-2), each
//! decision reaching the resident; councils never see each other's items, by URL either.
//! Every page is checked with axe-core and photographed at 1280x800 and at a 768 px tablet.

use permit_client::Client;
use permit_e2e_browser::office::{latest_code, spawn_server, staff_browser};
use permit_e2e_browser::{Browser, Chromedriver, Size, TestServer};
use permit_test_support::PaysOnSandbox;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF";

/// axe-core (no serious or critical violations, nor any other) and labelled controls.
async fn page_passes_checks(browser: &Browser, page: &str) {
    browser.assert_no_axe_violations(page).await;
    browser.assert_controls_labelled_and_ids_unique(page).await;
}

fn bundle() -> permit_client::types::PurchaseOrder {
    permit_client::types::PurchaseOrder {
        permit_type: "visitor-bundle".into(),
        quantity: 1,
        duration_months: None,
        vrm: None,
        auto_renew: None,
        ..Default::default()
    }
}

/// A Cambridgeshire resident whose registration waits for review with a proof of address.
async fn registered_with_proof(server: &TestServer, email: &str) -> Client {
    let resident = server.resident("cambridgeshire", email).await;
    resident
        .upload_registration_proof("application/pdf", PDF.to_vec())
        .await
        .expect("proof uploaded");
    resident
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn reg_3_an_officer_approves_a_cambridgeshire_registration_and_the_resident_can_then_buy() {
    let server = spawn_server().await;
    let resident = registered_with_proof(&server, "approve-me@example.org").await;
    let email = "officer@cambridgeshire.gov.example";
    server
        .client
        .add_staff(&permit_client::types::NewStaffMember {
            council: "cambridgeshire".into(),
            role: "officer".into(),
            email: email.into(),
            full_name: "Cam Officer".into(),
        })
        .await
        .expect("officer added");
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Desktop).await;

    // Log in with the emailed code; a wrong code first is refused by the field.
    browser.goto("/office/queue").await;
    browser
        .text_containing("main", "You need to log in to see this page.")
        .await;
    browser.goto("/office/login").await;
    browser
        .text_containing("h1", "Log in to the back office")
        .await;
    page_passes_checks(&browser, "office login").await;
    browser.screenshot("office-login").await;
    browser.fill("#email", email).await;
    browser.click("#send-code").await;
    browser.find("#code").await;
    browser.fill("#code", "000000").await;
    browser.click("#log-in").await;
    browser.text_containing("#code-error", "wrong").await;
    page_passes_checks(&browser, "office login with an error").await;
    browser.click("#resend-code").await;
    // The resent code is the newest; wait for it before reading.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let code = latest_code(&server, email).await;
    browser.fill("#code", &code).await;
    browser.click("#log-in").await;
    browser
        .text_containing("#who", "Cam Officer (Officer)")
        .await;
    browser
        .text_containing("header", "Cambridgeshire County Council")
        .await;
    page_passes_checks(&browser, "office home").await;
    browser.screenshot("office-home").await;

    // The queue, filtered to registrations: the item with its target (24 hours).
    browser
        .click("nav.office-nav a[href='/office/queue']")
        .await;
    browser
        .text_containing("main", "aims to decide within 24 hours")
        .await;
    browser.click("#filter-registration").await;
    browser.text_containing("#queue-count", "1 waiting").await;
    browser.text_containing("table.queue", "Registration").await;
    browser.text_containing("table.queue", "Due in 23 h").await;
    page_passes_checks(&browser, "office queue").await;
    browser.screenshot("office-queue").await;

    // Reload keeps the filter (the URL holds it).
    browser.goto("/office/queue?kind=registration").await;
    browser.text_containing("#queue-count", "1 waiting").await;
    browser.click("a.review-link").await;
    browser.text_containing("h1", "Registration for").await;
    // The proof is shown in a sandboxed frame with a download link.
    let frame = browser.find("iframe#proof-frame").await;
    assert_eq!(
        frame.attr("sandbox").await.expect("attr").as_deref(),
        Some("")
    );
    let src = frame.attr("src").await.expect("attr").unwrap_or_default();
    assert!(src.starts_with("blob:"), "{src}");
    let download = browser.find("a.download").await;
    assert!(
        download
            .attr("download")
            .await
            .expect("attr")
            .unwrap_or_default()
            .ends_with(".pdf")
    );
    page_passes_checks(&browser, "office review").await;
    browser.screenshot("office-review").await;

    // Nothing chosen: the error is by the question.
    browser.click("#decide").await;
    browser
        .text_containing(".error-summary", "Choose approve or reject")
        .await;
    browser.click("#approve").await;
    browser.click("#decide").await;
    browser.text_containing("#decided", "Approved").await;
    page_passes_checks(&browser, "office decided").await;
    browser.screenshot("office-approved").await;
    browser.click("#back-to-queue").await;
    browser.find("#queue-empty").await;

    // The resident can now buy (REG-3: an approved registration).
    let receipt = resident
        .buy("office-approved-buy", &bundle())
        .await
        .expect("the resident buys once approved");
    assert_eq!(receipt.payment.status, "paid");

    // Log out: the back office forgets the session.
    browser.click("#log-out").await;
    browser
        .text_containing("main", "You have logged out.")
        .await;
    browser.goto("/office/queue").await;
    browser
        .text_containing("main", "You need to log in to see this page.")
        .await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn vp_6_an_officer_rejects_a_leicestershire_bundle_and_the_refund_shows_in_payment_history() {
    let server = spawn_server().await;
    let token = permit_e2e_browser::resident::session_token(
        &server,
        "leicestershire",
        "refund@example.org",
    )
    .await;
    let resident = server.client.with_token(&token);
    let receipt = resident
        .buy("office-reject-bundle", &bundle())
        .await
        .expect("bought, held for review");
    let driver = Chromedriver::start();
    let officer = staff_browser(
        &driver,
        &server,
        (
            "leicestershire",
            "officer",
            "officer@leicestershire.gov.example",
        ),
        Size::Tablet,
    )
    .await;
    officer.goto("/office/queue?kind=purchase").await;
    officer.text_containing("#queue-count", "1 waiting").await;
    page_passes_checks(&officer, "office queue at tablet width").await;
    officer.screenshot("office-queue").await;
    officer.click("a.review-link").await;
    officer.text_containing("h1", "Purchase for").await;
    officer.find("#no-documents").await;
    officer.click("#reject").await;
    // A rejection needs a reason: picked from the council file's templates.
    officer.click("#decide").await;
    officer.text_containing("#reason", "Choose a reason").await;
    page_passes_checks(&officer, "office review with an error").await;
    officer.screenshot("office-reject-error").await;
    officer.click("#reason-1").await;
    officer.click("#decide").await;
    officer.text_containing("#decided", "Rejected").await;

    // The refund in the resident's Payment History.
    let browser = Browser::open(&driver, &server.url, Size::Desktop).await;
    browser.log_in_with(&token).await;
    browser.goto("/payments").await;
    browser.text_containing("#payments", "refunded").await;
    browser.text_containing("#payments", "£20.00").await;
    // The audit entry: the officer's rejection with its reason.
    let audit = server
        .staff_logged_in("officer@leicestershire.gov.example")
        .await
        .audit_log()
        .await
        .expect("audit");
    let entry = audit
        .iter()
        .find(|e| e.subject_id == receipt.payment.id)
        .expect("the rejection is audited");
    assert!(
        entry
            .detail
            .as_deref()
            .is_some_and(|d| d.starts_with("rejected: The address is outside the permit zone")),
        "{entry:?}"
    );
    // And the officer sees it in the office's audit log.
    officer.goto("/office/audit").await;
    officer
        .text_containing("#audit-entries", "The address is outside the permit zone")
        .await;
    page_passes_checks(&officer, "office audit log after a rejection").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web builds: scripts/test-ui.sh"]
async fn an_officer_of_one_council_cannot_see_another_councils_items_by_url_either() {
    let server = spawn_server().await;
    let token =
        permit_e2e_browser::resident::session_token(&server, "leicestershire", "other@example.org")
            .await;
    let receipt = server
        .client
        .with_token(&token)
        .buy("office-scope", &bundle())
        .await
        .expect("bought");
    let driver = Chromedriver::start();
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
    cambs.goto("/office/queue").await;
    cambs.find("#queue-empty").await;
    cambs
        .goto(&format!("/office/queue/{}", receipt.payment.id))
        .await;
    cambs.text_containing("h1", "Application not found").await;
    page_passes_checks(&cambs, "office item of another council").await;
    cambs.screenshot("office-not-found").await;
    // The same URL works for the council it belongs to.
    let leics = staff_browser(
        &driver,
        &server,
        (
            "leicestershire",
            "officer",
            "officer@leicestershire.gov.example",
        ),
        Size::Desktop,
    )
    .await;
    leics
        .goto(&format!("/office/queue/{}", receipt.payment.id))
        .await;
    leics.text_containing("h1", "Purchase for").await;
}
