//! Buy a permit for a vehicle, then manage it: renewal not open yet (with the date it opens),
//! the vehicle edited (AVP-2) or a change request (RP-3), auto-renewal off (RP-6), cancelling
//! with the refund policy stated (AVP-4, RP-5), the purchase in the payment history (VP-7), and
//! renewing for a duration chosen, each with its price, where there are several (RP-4).

use permit_e2e_browser::{Browser, Size, logged_in, renew_on_payment_page};

/// Buys a permit for AB12 CDE on the Buy page (with "Renew automatically" ticked where it is
/// offered), paying on the sandbox's payment page.
pub(crate) async fn buy_vehicle_permit(
    browser: &Browser,
    product: &str,
    months: &str,
    price: &str,
) {
    browser.click("#menu-buy").await;
    browser.choose_radio("permit_type", product).await;
    browser.choose_radio("duration_months", months).await;
    browser.fill("#vrm", "ab12 cde").await;
    let quote = format!("You pay {price} for 1 permit");
    browser.text_containing("#quote", &quote).await;
    browser.click("#buy-continue").await;
    // RP-6: a Leicestershire vehicle permit renews automatically where the resident ticks it on
    // Check your answers (off by default); these residents do, and switch it off later.
    if !product.starts_with("annual-visitor") {
        browser.click("#auto_renew").await;
    }
    browser.click("#pay").await;
    browser.pay_on_hosted_page("4242 4242 4242 4242").await;
    let paid = format!("You paid {price}");
    browser
        .text_containing("#purchase-confirmation", &paid)
        .await;
    // Never "activate a visitor permit" after buying a permit for a vehicle.
    assert!(
        !browser
            .has("#purchase-confirmation a[href='/activate']")
            .await
    );
}

/// RP-7, AVP-5: on the open permit, asks to move to the property found by `postcode` and
/// `house` (shown as `address`), with a PDF as proof, and waits for the thanks.
async fn ask_to_move(browser: &Browser, postcode: &str, house: &str, address: &str) {
    let _proof = send_the_move(browser, postcode, house, address).await;
    let thanks = "The council will check your proof";
    browser.text_containing("details.address", thanks).await;
}

/// Opens the change of address, finds the new address and sends it with a PDF as proof.
/// Sends the change of address with a proof; the file is returned because the app reads it only
/// after the click, so it must outlive the answer (deleted at once, a busy machine saw no file).
#[must_use = "keep the proof until the page has answered"]
async fn send_the_move(
    browser: &Browser,
    postcode: &str,
    house: &str,
    address: &str,
) -> tempfile::NamedTempFile {
    browser.click("details.address > summary").await;
    browser
        .fill("details.address [name=postcode]", postcode)
        .await;
    browser.fill("details.address [name=house]", house).await;
    browser.click("details.address .find-address").await;
    browser
        .text_containing("details.address .property-choices", address)
        .await;
    let proof = choose_pdf(browser, "details.address input[type=file]").await;
    browser.click("details.address button[type=submit]").await;
    proof
}

/// Chooses a small PDF in the file input at `css`; the file lives as long as the answer.
async fn choose_pdf(browser: &Browser, css: &str) -> tempfile::NamedTempFile {
    let pdf = tempfile::Builder::new()
        .suffix(".pdf")
        .tempfile()
        .expect("a PDF file");
    std::fs::write(pdf.path(), b"%PDF-1.4\n%%EOF\n").expect("write the PDF");
    let path = pdf.path().display().to_string();
    let input = browser.find(css).await;
    input.send_keys(&path).await.expect("choose file");
    pdf
}

/// Sends the form in `form` and finds `message` next to the field and in the error summary.
async fn sent_with_an_error(browser: &Browser, form: &str, message: &str) {
    browser.click(&format!("{form} button[type=submit]")).await;
    let by_the_field = format!("{form} .field-error");
    browser.text_containing(&by_the_field, message).await;
    let summary = format!("{form} .error-summary");
    browser.text_containing(&summary, message).await;
}

async fn open_manage(browser: &Browser) {
    browser.goto("/").await;
    browser.click("#menu-permits").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn avp_an_annual_permit_has_its_vehicle_edited_then_is_cancelled_with_a_refund() {
    let resident = logged_in("leicester", "annual@example.org", Size::Desktop).await;
    let browser = &resident.browser;
    buy_vehicle_permit(browser, "annual-visitor", "12", "£50.00").await;

    open_manage(browser).await;
    browser.text_containing(".permit-vrm", "AB12 CDE").await;
    browser
        .text_containing(".renewal", "Renewal opens on")
        .await;
    browser.screenshot("permit").await;
    // Annual visitor permits do not renew themselves: there is no switch to turn on.
    let switches = browser
        .client
        .find_all(fantoccini::Locator::Css(".auto-renew"))
        .await
        .expect("find");
    assert!(switches.is_empty());

    // AVP-2: Leicester residents change the vehicle themselves (Edit Registration).
    browser.click("details.vehicle > summary").await;
    browser
        .fill("details.vehicle [name=new_vrm]", "ab12 cde")
        .await;
    browser.click("details.vehicle button[type=submit]").await;
    let same = "already on this permit";
    browser
        .text_containing("details.vehicle .field-error", same)
        .await;
    browser
        .fill("details.vehicle [name=new_vrm]", "xy19 zzz")
        .await;
    browser.click("details.vehicle button[type=submit]").await;
    let changed = "The vehicle on this permit is now XY19 ZZZ";
    browser.text_containing("#permit-notice", changed).await;
    browser.text_containing(".permit-vrm", "XY19 ZZZ").await;

    // AVP-4: the refund policy is stated before confirming.
    browser.click("details.cancel > summary").await;
    let policy = "whole months not yet started";
    browser.text_containing("details.cancel", policy).await;
    browser.click(".cancel-permit").await;
    let cancelled = "Permit cancelled. Refund: £";
    browser.text_containing("#permit-notice", cancelled).await;
    browser.text_containing(".permit-status", "Cancelled").await;

    browser.goto("/").await;
    browser.click("#menu-payments").await;
    browser.text_containing("#payments", "£50.00").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp_a_reviewed_resident_permit_stops_auto_renewing_and_its_vehicle_change_is_a_request() {
    let resident = logged_in("leicestershire", "resident@example.org", Size::Desktop).await;
    let browser = &resident.browser;
    buy_vehicle_permit(browser, "resident", "12", "£60.00").await;
    // RP-2: the council reviews the purchase before the permit can be used.
    let review = "The council checks this purchase";
    browser
        .text_containing("#purchase-confirmation", review)
        .await;
    resident.approve_newest_purchase().await;

    open_manage(browser).await;
    browser.text_containing(".permit-status", "Active").await;
    browser.click(".auto-renew").await;
    let off = "Auto-renewal is now off";
    browser.text_containing("#permit-notice", off).await;
    browser
        .text_containing(".auto-renew", "Turn auto-renewal on")
        .await;

    // RP-3: a Vehicle Change Request goes to the council; the permit keeps its vehicle.
    browser.click("details.vehicle > summary").await;
    browser
        .fill("details.vehicle [name=new_vrm]", "xy19 zzz")
        .await;
    browser.click("details.vehicle button[type=submit]").await;
    let sent = "vehicle change request for XY19 ZZZ has been sent";
    browser.text_containing("#permit-notice", sent).await;
    browser.text_containing(".permit-vrm", "AB12 CDE").await;
    // RP-5: non-refundable, said before confirming.
    browser.click("details.cancel > summary").await;
    browser
        .text_containing("details.cancel", "non-refundable")
        .await;
    browser.screenshot("resident-permit").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn avp3_avp5_renew_once_the_window_opens_then_ask_for_a_change_of_address() {
    let resident = logged_in("leicester", "renew@example.org", Size::Desktop).await;
    let browser = &resident.browser;
    buy_vehicle_permit(browser, "annual-visitor", "12", "£50.00").await;
    open_manage(browser).await;
    browser
        .text_containing(".renewal", "Renewal opens on")
        .await;

    // AVP-3: 340 days on, the window (30 days before expiry) is open. The session has long
    // ended by then, so the resident logs in again.
    resident
        .days_later(340, "leicester", "renew@example.org")
        .await;
    open_manage(browser).await;
    browser
        .text_containing(".renewal", "Renewal is open: £50.00")
        .await;
    // Every action's form is on the page now (renewal included): still one element per id.
    browser
        .assert_controls_labelled_and_ids_unique("permits")
        .await;
    browser.click(".renew-link").await;
    renew_on_payment_page(browser, "4242 4242 4242 4242").await;
    let renewed = "You paid £50.00";
    browser
        .text_containing("#renewal-confirmation", renewed)
        .await;

    // AVP-5: a new address with proof goes to the council.
    open_manage(browser).await;
    let postcode = permit_e2e_browser::property("leicester").postcode;
    ask_to_move(browser, postcode, "20", "20 Regent Road").await;
    browser.screenshot("renewed-and-moving").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp4_a_motorcycle_permit_is_renewed_for_the_duration_chosen() {
    let resident = logged_in("leicestershire", "motorcycle@example.org", Size::Desktop).await;
    let browser = &resident.browser;
    buy_vehicle_permit(browser, "motorcycle", "6", "£20.00").await;
    resident.approve_newest_purchase().await;
    open_manage(browser).await;
    // RP-6 off first, so the permit waits for the resident instead of renewing itself.
    browser.click(".auto-renew").await;
    browser
        .text_containing("#permit-notice", "Auto-renewal is now off")
        .await;

    // 160 days on, 30 days before a 6-month permit's expiry has passed: renewal is open.
    resident
        .days_later(160, "leicestershire", "motorcycle@example.org")
        .await;
    open_manage(browser).await;
    browser.text_containing(".renewal", "Renewal is open").await;
    browser.click(".renew-link").await;
    let question = "How long do you want to renew it for?";
    browser.text_containing("main legend", question).await;
    for price in ["6 months: £20.00", "12 months: £35.00"] {
        browser.text_containing("main .radios", price).await;
    }
    // Nothing chosen: asked again, next to the question and in the summary.
    let choose = "Choose how long to renew the permit for";
    sent_with_an_error(browser, "main", choose).await;
    browser.screenshot("renew-duration-error").await;
    browser.choose_radio("duration_months", "12").await;
    browser.screenshot("renew-duration").await;
    browser.click("#renew-continue").await;
    browser.text_containing("#answers", "12 months").await;
    browser.text_containing("#answers", "£35.00").await;
    renew_on_payment_page(browser, "4242 4242 4242 4242").await;
    browser
        .text_containing("#renewal-confirmation", "You paid £35.00")
        .await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp7_an_approved_move_within_the_zone_moves_the_account_and_keeps_the_permit() {
    let resident = logged_in("leicestershire", "moving@example.org", Size::Mobile).await;
    let browser = &resident.browser;
    buy_vehicle_permit(browser, "resident", "12", "£60.00").await;
    resident.approve_newest_purchase().await;

    // RP-7: the resident asks to move to 9 Ashby Road (same zone) with proof.
    open_manage(browser).await;
    ask_to_move(browser, "LE11 3AB", "9", "9 Ashby Road").await;
    browser.screenshot("moving-asked").await;

    // The council's officer approves it from the review queue.
    let server = &resident.server;
    let officer = server.officer("leicestershire").await;
    let queue = officer.review_queue().await.expect("queue");
    let request = queue
        .iter()
        .find(|item| item.kind == "change_of_address")
        .expect("the request is queued");
    let approve = permit_client::types::ReviewDecision {
        approve: true,
        reason: None,
    };
    officer
        .officer_decide("requests", &request.id, &approve)
        .await
        .expect("approved");

    // The account now lives at the new address, and the permit is still there and active.
    browser.goto("/account").await;
    browser.text_containing("main", "9 Ashby Road").await;
    browser.screenshot("moved-account").await;
    open_manage(browser).await;
    browser.text_containing(".permit-vrm", "AB12 CDE").await;
    browser.text_containing(".permit-status", "Active").await;
    browser.screenshot("moved-permit").await;
}

/// AVP-1: a Care permit is held for review; the Manage page names the evidence the council
/// asks for, says what is missing by the field and in the summary, takes the letter, and the
/// officer's approval makes the permit active. At 390x844 and 1280x800.
#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn avp1_a_care_permit_takes_its_evidence_from_the_manage_page() {
    for (size, email) in [
        (Size::Mobile, "care-phone@example.org"),
        (Size::Desktop, "care-desk@example.org"),
    ] {
        let resident = logged_in("leicester", email, size).await;
        let browser = &resident.browser;
        buy_vehicle_permit(browser, "annual-visitor-care", "12", "£10.00").await;

        open_manage(browser).await;
        browser
            .text_containing(".permit-status", "Awaiting council approval")
            .await;
        let asked = "A letter from the care provider, a social worker or a GP";
        browser.text_containing(".evidence", asked).await;
        // Sent without a file: the error is in the summary and by the field.
        sent_with_an_error(browser, ".evidence", "Choose a file to upload.").await;
        browser.assert_no_axe_violations("evidence-missing").await;
        browser.screenshot("evidence-missing").await;

        let _letter = choose_pdf(browser, ".evidence input[type=file]").await;
        browser.click(".evidence button[type=submit]").await;
        let thanks = "The council will check your evidence";
        browser.text_containing("#permit-notice", thanks).await;
        browser.assert_no_axe_violations("evidence-sent").await;
        browser.screenshot("evidence-sent").await;

        // With the evidence in, the officer can approve: the permit is active.
        resident.approve_newest_purchase().await;
        open_manage(browser).await;
        browser.text_containing(".permit-status", "Active").await;
        assert!(!browser.has(".evidence").await, "no upload once approved");
    }
}

/// RP-7: a move to another zone is answered with the application for a new permit there; it
/// asks for both documents (by the fields and in the summary), takes them, and the officer's
/// queue has it. At 390x844 and 1280x800.
#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp7_a_move_to_another_zone_applies_for_a_permit_at_the_new_address() {
    for (size, email) in [
        (Size::Mobile, "zone-phone@example.org"),
        (Size::Desktop, "zone-desk@example.org"),
    ] {
        let resident = logged_in("leicestershire", email, size).await;
        let browser = &resident.browser;
        buy_vehicle_permit(browser, "resident", "12", "£60.00").await;
        resident.approve_newest_purchase().await;
        open_manage(browser).await;
        let _proof = send_the_move(browser, "LE11 1QE", "Flat 2", "21 Forest Road").await;
        let asked = "Apply for a permit at your new address";
        browser.text_containing(".new-zone h3", asked).await;
        let v5c = "Choose the file with the vehicle's V5C.";
        sent_with_an_error(browser, ".new-zone", "proof of your new address").await;
        browser
            .text_containing(".new-zone .error-summary", v5c)
            .await;
        browser.assert_no_axe_violations("new-zone-missing").await;
        browser.screenshot("new-zone-missing").await;

        let _proof = choose_pdf(browser, ".new-zone input[name=proof_of_address]").await;
        let _v5c = choose_pdf(browser, ".new-zone input[name=v5c]").await;
        browser.click(".new-zone button[type=submit]").await;
        let next = "The council will check your documents";
        browser.text_containing("#new-zone-sent", next).await;
        assert!(!browser.has(".new-zone .field-error").await);
        browser.assert_no_axe_violations("new-zone-sent").await;
        browser.screenshot("new-zone-sent").await;

        let officer = resident.server.officer("leicestershire").await;
        let queue = officer.review_queue().await.expect("queue");
        assert!(queue.iter().any(|item| item.kind == "new_zone_permit"));
    }
}
