//! RP-6 in the web UI: buying a Leicestershire resident permit (the council's payment account
//! takes recurring payments in the sandbox), Check your answers offers "Renew automatically",
//! off until ticked, ticked here with the keyboard only; Manage permits then says auto-renewal
//! is on. When renewal opens and the card is declined, the email's link opens a renewal order
//! made for the permit: its Check your answers (also on reload at its own URL), then the
//! hosted page, then "Permit renewed"; auto-renewal is switched off on Manage permits with the
//! keyboard, on the new period (the one renewed says so and has no switch). A product renewed
//! by hand (Leicester's annual visitor permit) shows no checkbox.
//! Switched off and on again, it says a link to pay will be sent, since no card is set up.
//! At 390x844 and 1280x800, axe-clean, nothing scrolling sideways.

use permit_e2e_browser::{Browser, Size, logged_in, resident};
use permit_test_support::outbox::renewal_link;

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SPACE: &str = " ";

/// Presses Tab until `id` has focus (keyboard only), at most 40 times.
async fn tab_to(browser: &Browser, id: &str) {
    for _ in 0..40 {
        if browser.focused_id().await == id {
            return;
        }
        browser.keys(TAB).await;
    }
    panic!("Tab never reached #{id}");
}

/// The id of the first element `css` finds.
async fn id_of(browser: &Browser, css: &str) -> String {
    let found = browser.find(css).await.attr("id").await;
    found.ok().flatten().expect("an id")
}

/// On Manage permits, the first permit's auto-renewal switched off, then on again, with Tab
/// and Enter.
async fn switch_off_and_on_with_the_keyboard(browser: &Browser) {
    let id = id_of(browser, ".auto-renew").await;
    tab_to(browser, &id).await;
    browser.keys(ENTER).await;
    browser
        .text_containing("#permit-notice", "Auto-renewal is now off")
        .await;
    browser
        .text_containing(".auto-renew", "Turn auto-renewal on")
        .await;
    tab_to(browser, &id).await;
    browser.keys(ENTER).await;
}

/// Check your answers asks "Renew automatically" as the Buy page does: its hint, off until
/// ticked.
async fn asked_renew_automatically(browser: &Browser) {
    browser
        .text_containing("#auto-renew-choice", "Renew automatically")
        .await;
    browser
        .text_containing(
            "#auto_renew-hint",
            "switch this off at any time in Manage permits",
        )
        .await;
    assert!(!checked(browser, "#auto_renew").await, "off by default");
}

/// "Continue to payment" with Tab and Enter, then the sandbox's page with the card that pays.
async fn pay_with_the_keyboard(browser: &Browser) {
    tab_to(browser, "pay").await;
    browser.keys(ENTER).await;
    browser.pay_on_hosted_page("4242 4242 4242 4242").await;
}

async fn checked(browser: &Browser, css: &str) -> bool {
    browser
        .find(css)
        .await
        .is_selected()
        .await
        .expect("checkbox state")
}

async fn buy_with_auto_renewal_then_renew_from_the_link(size: Size) {
    let email = format!("auto-renew-{}@example.org", size.name());
    let resident = logged_in("leicestershire", &email, size).await;
    let browser = &resident.browser;
    browser.click("#menu-buy").await;
    browser.choose_radio("permit_type", "resident").await;
    browser.choose_radio("duration_months", "12").await;
    browser.fill("#vrm", "ab12 cde").await;
    browser.click("#buy-continue").await;
    browser
        .text_containing("main h1", "Check your answers before paying")
        .await;
    // Typed in lower case with its space, shown as printed (issue 18).
    browser.text_containing("#answers", "AB12 CDE").await;
    asked_renew_automatically(browser).await;
    browser.screenshot("auto-renew-check-answers").await;
    browser.assert_no_axe_violations("auto-renew-check").await;
    browser.assert_no_sideways_scroll("auto-renew-check").await;
    // Keyboard only: Tab to the checkbox, Space ticks it, Tab to the button, Enter pays.
    tab_to(browser, "auto_renew").await;
    browser.keys(SPACE).await;
    assert!(checked(browser, "#auto_renew").await, "ticked with Space");
    browser.screenshot("auto-renew-ticked").await;
    pay_with_the_keyboard(browser).await;
    browser
        .text_containing("#purchase-confirmation", "You paid")
        .await;
    resident.approve_newest_purchase().await;

    browser.goto("/permits").await;
    browser.text_containing("main", "Auto-renewal is on.").await;
    browser
        .text_containing(".auto-renew", "Turn auto-renewal off")
        .await;
    browser.screenshot("auto-renew-manage-on").await;
    browser.assert_no_axe_violations("auto-renew-manage").await;

    // Renewal opens; the card is declined, so the resident is emailed a link.
    resident.server.payments.decline_recurring_charges(true);
    resident.days_later(340, "leicestershire", &email).await;
    let path = renewal_link(
        &resident.server.client,
        &email,
        "could not renew itself automatically",
    )
    .await
    .path;
    browser.goto(&path).await;
    browser
        .text_containing("main h1", "Check your answers before paying")
        .await;
    browser.text_containing("#answers", "AB12 CDE").await;
    browser.screenshot("renewal-link-check-answers").await;
    browser.assert_no_axe_violations("renewal-link-check").await;
    browser
        .assert_no_sideways_scroll("renewal-link-check")
        .await;
    // Its own URL: a reload shows the same order's answers.
    browser.goto(&path).await;
    browser
        .text_containing("main h1", "Check your answers before paying")
        .await;
    resident.server.payments.decline_recurring_charges(false);
    pay_with_the_keyboard(browser).await;
    browser
        .text_containing("#renewal-panel h1", "Permit renewed")
        .await;
    browser.screenshot("renewal-link-renewed").await;
    browser
        .assert_no_axe_violations("renewal-link-renewed")
        .await;

    // Switched off on Manage permits, with the keyboard: on the new period once the council
    // approved it (the period renewed has no switch: it renews nothing more). The session from
    // buying ended with the days that passed.
    let token = resident::new_session(&resident.server, "leicestershire", &email).await;
    resident::approve_newest_purchase(&resident.server, &token).await;
    browser.goto("/permits").await;
    let first = browser.find(".auto-renew").await;
    let id = first.attr("id").await.ok().flatten().expect("button id");
    tab_to(browser, &id).await;
    browser.keys(ENTER).await;
    browser
        .text_containing("#permit-notice", "Auto-renewal is now off")
        .await;
    browser.screenshot("auto-renew-switched-off").await;
    browser.assert_no_axe_violations("auto-renew-off").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp6_renew_automatically_is_ticked_on_check_your_answers_and_the_emailed_link_renews_at_390x844()
 {
    buy_with_auto_renewal_then_renew_from_the_link(Size::Mobile).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp6_renew_automatically_is_ticked_on_check_your_answers_and_the_emailed_link_renews_at_1280x800()
 {
    buy_with_auto_renewal_then_renew_from_the_link(Size::Desktop).await;
}

/// RP-6: with the card agreed to when buying, Manage permits says the card will be charged;
/// switched off and back on with the keyboard, the card has gone with the switch, and the
/// message and the permit say a link to pay will be sent instead ("Auto-renewal is now on."
/// alone promised a charge that would never come).
#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp6_switched_off_and_on_with_the_keyboard_it_says_a_link_to_pay_will_be_sent_at_390x844() {
    let resident = logged_in(
        "leicestershire",
        "auto-renew-again@example.org",
        Size::Mobile,
    )
    .await;
    let browser = &resident.browser;
    crate::permits::buy_vehicle_permit(browser, "resident", "12", "£60.00").await;
    resident.approve_newest_purchase().await;
    browser.goto("/permits").await;
    let card = "Auto-renewal is on. When renewal opens, we'll charge the card you set up";
    browser.text_containing(".auto-renew-how", card).await;
    browser.screenshot("auto-renew-card-on-file").await;

    switch_off_and_on_with_the_keyboard(browser).await;
    let no_card = "Auto-renewal is now on, but no card is set up to pay for it. When renewal opens, we'll send you a link to pay and renew it.";
    browser.text_containing("#permit-notice", no_card).await;
    // The card's summary is drawn again after the notice: waited for, not read at once.
    let how = browser
        .text_containing(".auto-renew-how", "no card is set up")
        .await;
    assert!(!how.contains("charge"), "{how}");
    browser.screenshot("auto-renew-on-without-a-card").await;
    browser.assert_no_axe_violations("auto-renew-no-card").await;
    browser
        .assert_no_sideways_scroll("auto-renew-no-card")
        .await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp6_a_permit_renewed_by_hand_offers_no_renew_automatically() {
    let resident = logged_in("leicester", "no-auto-renew@example.org", Size::Mobile).await;
    let browser = &resident.browser;
    browser.click("#menu-buy").await;
    browser.choose_radio("permit_type", "annual-visitor").await;
    browser.choose_radio("duration_months", "12").await;
    browser.fill("#vrm", "ab12 cde").await;
    browser.click("#buy-continue").await;
    browser
        .text_containing("main h1", "Check your answers before paying")
        .await;
    browser.find("#pay").await;
    assert!(!browser.has("#auto_renew").await, "not offered");
}

/// RP-6 for a permit already held, keyboard only: with no card set up (switched off and on),
/// Manage permits says how to set one up; once renewal opens, "Renew this permit" asks "Renew
/// automatically" on Check your answers as the Buy page does; ticked with Space and paid, the
/// next period says the card it set up will be charged (also while the council reviews it, with
/// its switch, when the period renewed says the renewal awaits the council's approval and that
/// it still runs), and once approved the period renewed (RP-4) says until when the new one runs,
/// with no "Renew this permit" (it cannot be renewed twice).
async fn renew_a_permit_without_a_card_ticking_renew_automatically(size: Size) {
    let email = format!("renew-tick-{}@example.org", size.name());
    let email = email.as_str();
    let resident = logged_in("leicestershire", email, size).await;
    let browser = &resident.browser;
    crate::permits::buy_vehicle_permit(browser, "resident", "12", "£60.00").await;
    resident.approve_newest_purchase().await;
    browser.goto("/permits").await;
    // Off and on again: the card has gone with the switch.
    switch_off_and_on_with_the_keyboard(browser).await;
    let how = "To pay by card automatically after that, choose \u{201c}Renew automatically\u{201d} when you renew it.";
    browser.text_containing("#permit-notice", how).await;
    browser.text_containing(".auto-renew-how", how).await;
    browser.screenshot("renew-tick-manage-no-card").await;

    // Renewal opens: a link to pay is emailed; the resident renews from Manage permits.
    resident.days_later(340, "leicestershire", email).await;
    browser.goto("/permits").await;
    let renew = id_of(browser, ".renew-link").await;
    tab_to(browser, &renew).await;
    browser.keys(ENTER).await;
    browser
        .text_containing("main h1", "Check your answers before paying")
        .await;
    asked_renew_automatically(browser).await;
    tab_to(browser, "auto_renew").await;
    browser.keys(SPACE).await;
    assert!(checked(browser, "#auto_renew").await, "ticked with Space");
    browser.screenshot("renew-tick-check-answers").await;
    browser.assert_no_axe_violations("renew-tick-check").await;
    browser.assert_no_sideways_scroll("renew-tick-check").await;
    pay_with_the_keyboard(browser).await;
    browser
        .text_containing("#renewal-panel h1", "Permit renewed")
        .await;
    browser.assert_no_axe_violations("renew-tick-renewed").await;
    // RP-2, RP-6: while the council reviews the new period, it says how it will renew, with the
    // switch (once there was none on either period until the council decided).
    browser.goto("/permits").await;
    // The period renewed comes first, still active.
    browser
        .text_containing("main", "Awaiting council approval")
        .await;
    // RP-2: it says the renewal waits for the council, by when it aims to decide, and that this
    // period still runs (once "Renewed: the new period runs until", as if approved).
    let awaiting = "Your renewal is paid for and is waiting for the council's approval. \
                    The council aims to decide by ";
    browser.text_containing(".renewal", awaiting).await;
    let words = browser.find(".renewal").await.text().await.expect("text");
    assert!(
        words.contains("If it is approved, the new period runs until the end of ")
            && words.contains("This permit is valid until the end of "),
        "{words}"
    );
    browser
        .screenshot("renew-tick-manage-awaiting-approval")
        .await;
    let card = "Auto-renewal is on. When renewal opens, we'll charge the card you set up for it.";
    browser.text_containing(".auto-renew-how", card).await;
    browser
        .text_containing(".auto-renew", "Turn auto-renewal off")
        .await;
    // Reached with the keyboard (which brings it into view for the screenshot).
    tab_to(browser, &id_of(browser, ".auto-renew").await).await;
    browser.screenshot("renew-tick-manage-under-review").await;
    browser
        .assert_no_axe_violations("renew-tick-under-review")
        .await;
    browser
        .assert_no_sideways_scroll("renew-tick-under-review")
        .await;
    // RP-5 with RP-2: cancelling the period renewed would withdraw the renewal and refund it in
    // full; the resident is told so before confirming (and closes the question unanswered).
    browser.click(".cancel summary").await;
    let withdrawn = "This permit is non-refundable. Your renewal waiting for the council's \
                     approval is withdrawn with it, and what you paid for the renewal is refunded \
                     in full. Refund for this period if you cancel now: £0.00.";
    browser.text_containing(".cancel", withdrawn).await;
    browser
        .screenshot("renew-tick-manage-cancel-under-review")
        .await;
    browser
        .assert_no_axe_violations("renew-tick-cancel-under-review")
        .await;
    browser.click(".cancel summary").await;
    // The session from buying ended with the days that passed: the council approves by a new one.
    let server = &resident.server;
    let token = resident::new_session(server, "leicestershire", email).await;
    resident::approve_newest_purchase(server, &token).await;

    browser.goto("/permits").await;
    let card = "Auto-renewal is on. When renewal opens, we'll charge the card you set up for it.";
    browser.text_containing("main", card).await;
    // The period renewed: renewed, until when, and nothing to renew again (once it said
    // "Renewal is open" with a button the server then refused).
    let renewed = "Renewed: the new period runs until the end of ";
    browser.text_containing(".renewal", renewed).await;
    assert!(!browser.has(&format!("#{renew}")).await, "no renew button");
    assert!(!browser.has(".renew-link").await, "nothing to renew");
    let main = browser.find("main").await.text().await.expect("text");
    assert!(!main.contains("Renewal is open"), "{main}");
    browser.screenshot("renew-tick-manage-card").await;
    browser.assert_no_axe_violations("renew-tick-manage").await;
    browser.assert_no_sideways_scroll("renew-tick-manage").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp6_rp4_renewing_a_permit_without_a_card_ticks_renew_automatically_then_says_renewed_at_390x844()
 {
    renew_a_permit_without_a_card_ticking_renew_automatically(Size::Mobile).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn rp6_rp4_renewing_a_permit_without_a_card_ticks_renew_automatically_then_says_renewed_at_1280x800()
 {
    renew_a_permit_without_a_card_ticking_renew_automatically(Size::Desktop).await;
}
