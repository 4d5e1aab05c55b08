//! The whole visitor flow against the real backend: buy a bundle on the sandbox's payment page, book
//! a stay for tomorrow, see it in Upcoming stays, cancel it after a confirmation that names it,
//! and find the payment in the history (VP-1, VP-7, ACT-1, ACT-2, ACT-7); the permits held are
//! shown after each step, apart from the purchase allowance.

use permit_e2e_browser::{Size, logged_in};

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn buy_a_bundle_book_tomorrow_see_it_cancel_it_and_find_the_payment() {
    let resident = logged_in("hampshire", "visits@example.org", Size::Desktop).await;
    let browser = &resident.browser;

    browser.click("#menu-buy").await;
    browser.text_containing("#allowance", "50 of 50 left").await;
    browser.fill("#quantity", "1").await;
    browser
        .text_containing("#quote", "You pay £15.00 for 10 permits")
        .await;
    browser.click("#buy-continue").await;
    // A double click orders once: the form submits once, and a resend would carry the same
    // idempotency key.
    browser.text_containing("#pay", "Continue to payment").await;
    browser.double_click("#pay").await;
    browser.pay_on_hosted_page("4242 4242 4242 4242").await;
    browser
        .text_containing("#purchase-confirmation", "You paid £15.00 for 10 permits")
        .await;
    browser
        .text_containing("#permits-held-after", "You have 10 visitor permits.")
        .await;
    browser.screenshot("bought").await;
    let me = resident.server.client.with_token(&resident.token);
    assert_eq!(me.payments().await.expect("payments").len(), 1);

    browser
        .click("#purchase-confirmation a[href='/activate']")
        .await;
    browser
        .text_containing(
            "#permits-left",
            "You have 10 visitor permits. This visit uses 1.",
        )
        .await;
    let tomorrow = browser.local_date(1).await;
    browser.fill("#vrm", "ab12 cde").await;
    browser.click("#start-tomorrow").await;
    browser.fill("#start_time", "09:00").await;
    browser
        .text_containing("#stay-preview", "until 23:59 on")
        .await;
    browser.click("#activate-submit").await;
    let booked = browser
        .text_containing("#stay-confirmation", "AB12 CDE can park from 09:00")
        .await;
    assert!(
        booked.contains("This visit used 1 visitor permit. You have 9 visitor permits."),
        "{booked}"
    );
    let day = tomorrow.format("%A %-d %B %Y").to_string();
    assert!(
        booked.contains(&format!("Until 23:59 on {day}")),
        "{booked}"
    );
    // Day and month names keep their capitals inside the sentence, too.
    assert!(
        booked.contains(&format!(
            "can park from 09:00 on {day} until 23:59 on {day}."
        )),
        "{booked}"
    );
    browser.screenshot("activated").await;

    browser.click("#stay-confirmation a[href='/stays']").await;
    let listed = browser.text_containing("#stay-list", "AB12 CDE").await;
    assert!(listed.contains("You can cancel until"), "{listed}");
    browser
        .text_containing(".calendar", "AB12 CDE 09:00 to 23:59")
        .await;
    browser.screenshot("upcoming").await;
    // Cancelling asks first, naming the stay and saying the permit comes back.
    browser.click(".cancel-stay").await;
    let asked = browser
        .text_containing(
            ".confirm-cancel",
            "Cancel the visit for AB12 CDE from 09:00 on",
        )
        .await;
    assert!(asked.contains("comes back to you"), "{asked}");
    assert_eq!(browser.focused_tag().await, "H2", "focus on the question");
    browser.screenshot("cancel-confirm").await;
    // "No" keeps it.
    browser.click(".keep-stay").await;
    browser.click(".cancel-stay").await;
    browser.click(".confirm-cancel-stay").await;
    browser
        .text_containing(
            "#cancelled-banner",
            "Visit for AB12 CDE cancelled; 1 permit returned.",
        )
        .await;
    browser.wait_for_focus("cancelled-banner").await;
    browser
        .text_containing("#no-stays", "No stays booked")
        .await;
    browser.screenshot("cancelled").await;

    browser.goto("/").await;
    browser
        .text_containing("#menu-permits-left", "You have 10 visitor permits.")
        .await;
    browser.click("#menu-payments").await;
    let history = browser.text_containing("#payments", "£15.00").await;
    assert!(history.contains("paid"), "{history}");
    browser.screenshot("history").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act3_act7_leicestershire_books_a_two_hour_stay_cancellable_until_five_minutes_after_it_starts()
 {
    let resident = logged_in("leicestershire", "hours@example.org", Size::Mobile).await;
    let browser = &resident.browser;
    browser.click("#menu-buy").await;
    browser.choose_radio("permit_type", "visitor-bundle").await;
    browser
        .text_containing("#allowance", "20 of 20 left this month")
        .await;
    browser.fill("#quantity", "1").await;
    browser.pay_on_payment_page().await;
    // VP-6: the council reviews the bundle before its permits can be used.
    let review = "The council checks this purchase";
    browser
        .text_containing("#purchase-confirmation", review)
        .await;
    // Bought but not yet approved: not "none left".
    browser
        .text_containing("#permits-held-after", "10 awaiting council approval")
        .await;
    browser.screenshot("bought-awaiting-approval").await;
    resident.approve_newest_purchase().await;

    browser.goto("/").await;
    browser
        .text_containing("#menu-permits-left", "You have 10 visitor permits.")
        .await;
    browser.click("#menu-activate").await;
    browser.fill("#vrm", "ab12 cde").await;
    browser.click("#start-tomorrow").await;
    browser.fill("#start_time", "10:00").await;
    browser.click("#activate-submit").await;
    // ACT-3: this council asks how long.
    let ask = "Choose how long the visitor stays";
    browser
        .text_containing("#duration_minutes-error", ask)
        .await;
    browser.choose("#duration_minutes", "120").await;
    browser
        .text_containing("#stay-preview", "until 12:00 on")
        .await;
    browser.click("#activate-submit").await;
    browser
        .text_containing("#stay-confirmation", "Until 12:00 on")
        .await;
    browser
        .text_containing("#stay-confirmation", "You have 9 visitor permits.")
        .await;
    browser.screenshot("activated-duration").await;
    browser.click("#stay-confirmation a[href='/stays']").await;
    // ACT-7: cancellable until 5 minutes after the start.
    let deadline = "You can cancel until 10:05";
    browser.text_containing("#stay-list", deadline).await;
}
