//! Activate Visitor Permit: the permits held before the form; the day as Today / Tomorrow /
//! Another date with the GOV.UK day, month and year fields typed by keyboard; the 14-day limit
//! as a date error before anything is sent (ACT-1), gone once the date is corrected; every
//! error at once, each by its field.

use permit_e2e_browser::{Browser, Size, logged_in};

const TAB: &str = "\u{E004}";
/// Control+A, then the modifier released: selects what the field holds, so typing replaces it.
const SELECT_ALL: &str = "\u{E009}a\u{E000}";
const BACKSPACE: &str = "\u{E003}";

/// Chooses Another date and types the date by keyboard: day, Tab, month, Tab, year.
async fn type_date(browser: &Browser, date: chrono::NaiveDate) {
    browser.click("#start-other").await;
    browser.click("#start-day").await;
    let (day, month, year) = (date.format("%-d"), date.format("%-m"), date.format("%Y"));
    browser
        .keys(&format!(
            "{SELECT_ALL}{day}{TAB}{SELECT_ALL}{month}{TAB}{SELECT_ALL}{year}"
        ))
        .await;
}

async fn act1_the_date_typed_by_keyboard(size: Size) {
    let email = format!("horizon-{}@example.org", size.name());
    let resident = logged_in("hampshire", &email, size).await;
    resident.buy_visitor_bundle().await;
    let browser = &resident.browser;
    browser.click("#menu-activate").await;
    // The permits held come before anything is typed.
    browser
        .text_containing(
            "#permits-left",
            "You have 10 visitor permits. This visit uses 1.",
        )
        .await;

    browser.fill("#vrm", "ab12 cde").await;
    let day = |n| browser.local_date(n);
    type_date(browser, day(15).await).await;
    browser
        .text_containing("#start-hint", "14 days ahead")
        .await;
    // Nothing typed was rewritten while typing.
    let fifteen = day(15).await;
    assert_eq!(
        browser.value("#start-day").await,
        fifteen.format("%-d").to_string()
    );
    assert_eq!(
        browser.value("#start-month").await,
        fifteen.format("%-m").to_string()
    );
    assert_eq!(
        browser.value("#start-year").await,
        fifteen.format("%Y").to_string()
    );
    browser.fill("#start_time", "0900").await;
    browser.click("#activate-submit").await;
    let error = browser
        .text_containing("#start-error", "at most 14 days ahead")
        .await;
    assert!(error.contains("at the latest"), "{error}");
    browser
        .text_containing(".error-summary", "at most 14 days ahead")
        .await;
    // The summary's link goes to the day field.
    browser.find(".error-summary a[href='#start-day']").await;
    browser.screenshot("activate-error").await;
    // What was typed is kept.
    assert_eq!(browser.value("#vrm").await, "ab12 cde");
    assert_eq!(browser.value("#start_time").await, "0900");

    // Tomorrow is within the limit: the preview says when the stay ends (ACT-2).
    type_date(browser, day(1).await).await;
    // The error was about the date typed before: it goes once the date is corrected, the
    // fields are no longer marked, and focus stays in the field being typed in.
    browser.gone("#start-error").await;
    assert!(!browser.has(".error-summary a[href='#start-day']").await);
    assert_eq!(browser.focused_id().await, "start-year");
    for part in ["#start-day", "#start-month", "#start-year"] {
        let field = browser.find(part).await;
        assert_eq!(
            field.attr("aria-invalid").await.expect("attr"),
            None,
            "{part}"
        );
    }
    browser
        .text_containing("#stay-preview", "until 23:59 on")
        .await;
    browser.screenshot("activate-typed-date").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act1_a_date_typed_by_keyboard_fifteen_days_ahead_is_a_date_error_at_1280x800() {
    act1_the_date_typed_by_keyboard(Size::Desktop).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act1_a_date_typed_by_keyboard_fifteen_days_ahead_is_a_date_error_at_390x844() {
    act1_the_date_typed_by_keyboard(Size::Mobile).await;
}

async fn every_error_by_its_field(size: Size) {
    let email = format!("errors-{}@example.org", size.name());
    let resident = logged_in("hampshire", &email, size).await;
    resident.buy_visitor_bundle().await;
    let browser = &resident.browser;
    browser.click("#menu-activate").await;
    browser.find("#permits-left").await;

    // A later day starts at the start of that day, not at the clock's time.
    browser.click("#start-tomorrow").await;
    assert_eq!(browser.value("#start_time").await, "00:00");
    // What is typed in the time is never replaced by choosing another day.
    browser.fill("#start_time", "25:00").await;
    browser.click("#start-other").await;
    assert_eq!(browser.value("#start_time").await, "25:00");
    browser.fill("#start-day", "31").await;
    browser.fill("#start-month", "11").await;
    browser.fill("#start-year", "2026").await;
    browser.click("#activate-submit").await;

    let summary = browser
        .text_containing(".error-summary", "must be a real date")
        .await;
    assert!(
        summary.contains("Enter the time the visit starts"),
        "{summary}"
    );
    assert!(summary.contains("registration"), "{summary}");
    browser
        .text_containing(
            "#start-error",
            "The date the visit starts must be a real date",
        )
        .await;
    browser
        .text_containing("#start_time-error", "Enter the time the visit starts")
        .await;
    browser.text_containing("#vrm-error", "registration").await;
    // The time's error is by the time field only, the date's by the date fields only.
    let date_error = browser
        .find("#start-error")
        .await
        .text()
        .await
        .expect("text");
    assert!(!date_error.contains("time"), "{date_error}");
    browser.screenshot("activate-every-error").await;

    // A missing part is named, and only it is marked.
    browser.click("#start-month").await;
    browser.keys(&format!("{SELECT_ALL}{BACKSPACE}")).await;
    browser.click("#activate-submit").await;
    browser
        .text_containing("#start-error", "must include a month")
        .await;
    let month = browser.find("#start-month").await;
    assert_eq!(
        month.attr("aria-invalid").await.expect("attr").as_deref(),
        Some("true")
    );
    let day = browser.find("#start-day").await;
    assert_eq!(day.attr("aria-invalid").await.expect("attr"), None);
    browser
        .assert_controls_labelled_and_ids_unique("activate")
        .await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn every_error_is_shown_at_once_each_by_its_own_field_at_1280x800() {
    every_error_by_its_field(Size::Desktop).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn every_error_is_shown_at_once_each_by_its_own_field_at_390x844() {
    every_error_by_its_field(Size::Mobile).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn with_no_visitor_permits_activate_says_so_first_and_links_to_buy() {
    let resident = logged_in("hampshire", "none-left@example.org", Size::Mobile).await;
    let browser = &resident.browser;
    browser.click("#menu-activate").await;
    browser
        .text_containing("#permits-left", "You have no visitor permits left.")
        .await;
    assert!(!browser.has("#vrm").await, "no form to fill in");
    browser.screenshot("activate-none-left").await;
    browser.click("#buy-permits").await;
    browser.text_containing("h1", "Buy Digital Permits").await;
}
