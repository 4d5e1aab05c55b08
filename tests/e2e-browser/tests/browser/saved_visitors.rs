//! Issue 18 in the browser, at 390x844 and 1280x800: a vehicle saved by booking it, chosen
//! again with one tap and named under Account > Saved vehicles (ACT-3); "Book again" from a
//! stay; the 14-day calendar with the permits each day uses (ACT-1); a stay's calendar file;
//! and the confirmation shared with the visitor through the clipboard; Past stays, at its own
//! URL, and "Book again" from a past multi-day visit. Each page is checked by axe-core and for
//! sideways scrolling.

use permit_e2e_browser::{Browser, Size, book_tomorrow_at_nine, logged_in};

/// axe-core and the reflow check on the page as it is now, then a screenshot to look at.
async fn checked(browser: &Browser, page: &str) {
    browser.assert_no_axe_violations(page).await;
    browser.assert_no_sideways_scroll(page).await;
    browser.screenshot(page).await;
}

/// Types `date` into Another date's day, month and year fields.
async fn type_date(browser: &Browser, date: chrono::NaiveDate) {
    browser
        .fill("#start-day", &date.format("%-d").to_string())
        .await;
    browser
        .fill("#start-month", &date.format("%-m").to_string())
        .await;
    browser
        .fill("#start-year", &date.format("%Y").to_string())
        .await;
}

/// Books the vehicle in the registration field for `date` at 09:00 and waits for the
/// confirmation.
async fn book_on(browser: &Browser, date: chrono::NaiveDate) -> String {
    browser.click("#start-other").await;
    type_date(browser, date).await;
    browser.fill("#start_time", "09:00").await;
    browser.click("#activate-submit").await;
    browser
        .text_containing("#stay-confirmation", "can park from 09:00")
        .await
}

async fn saved_vehicles_rebooking_calendar_and_sharing(size: Size) {
    let email = format!("visitors-{}@example.org", size.name());
    let resident = logged_in("hampshire", &email, size).await;
    resident.buy_visitor_bundle().await;
    let browser = &resident.browser;

    // A first booking saves the vehicle (the box is ticked unless the resident unticks it).
    browser.click("#menu-activate").await;
    browser.find("#save_vehicle:checked").await;
    assert!(!browser.has("#saved-vehicles").await, "nothing saved yet");
    book_tomorrow_at_nine(browser, "ab12 cde", "AB12 CDE").await;

    // Activate again: the saved vehicle is one tap away.
    browser.goto("/activate").await;
    browser.text_containing("#saved-vehicles", "AB12 CDE").await;
    assert_eq!(browser.value("#vrm").await, "");
    checked(browser, "saved-vehicle-offered").await;
    browser.click(".choose-vehicle").await;
    assert_eq!(
        browser.value("#vrm").await,
        "AB12 CDE",
        "the plate, spaced as printed"
    );
    browser.find(".choose-vehicle[aria-pressed='true']").await;
    let in_two_days = browser.local_date(2).await;
    let booked = book_on(browser, in_two_days).await;
    assert!(booked.contains("AB12 CDE can park from 09:00"), "{booked}");

    // Account > Saved vehicles, at its own URL: name it.
    browser.goto("/account").await;
    browser.click("#saved-vehicles-link").await;
    browser.text_containing("#saved-vehicles", "AB12 CDE").await;
    checked(browser, "saved-vehicles").await;
    browser.click(".rename-vehicle").await;
    browser.text_containing("h1", "Name a saved vehicle").await;
    checked(browser, "saved-vehicle-rename").await;
    browser.fill("#nickname", "Mum").await;
    browser.click("#rename-submit").await;
    browser
        .text_containing("#vehicle-done", "AB12 CDE is now called Mum.")
        .await;
    browser.goto("/activate").await;
    browser
        .text_containing(".choose-vehicle", "Mum, AB12 CDE")
        .await;

    // Upcoming stays: the 14-day calendar, today and the 14 days after it.
    browser.goto("/stays").await;
    let calendar = browser.text_containing("#calendar", "1 permit used").await;
    let days = browser
        .client
        .find_all(fantoccini::Locator::Css("#calendar > li.day"))
        .await
        .expect("the days");
    assert_eq!(days.len(), 15, "{calendar}");
    let last = browser.local_date(14).await.format("%A %-d %B").to_string();
    assert!(calendar.contains(&last), "{calendar}");
    browser
        .text_containing("#calendar-left", "You have 8 visitor permits.")
        .await;
    checked(browser, "calendar").await;

    // A calendar file, made by the service, for the first stay.
    browser.click(".download-ics").await;
    let link = browser.find(".ics-link").await;
    let href = link.attr("href").await.expect("href").expect("a link");
    let ics = percent_decode(href.trim_start_matches("data:text/calendar;charset=utf-8,"));
    for line in [
        "BEGIN:VCALENDAR",
        "TZID:Europe/London",
        "STATUS:CONFIRMED",
        "SUMMARY:Visitor parking: AB12 CDE",
    ] {
        assert!(ics.contains(line), "{line} in\n{ics}");
    }
    let download = link
        .attr("download")
        .await
        .expect("download")
        .expect("a file name");
    assert!(
        download.starts_with("visit-AB12CDE-") && download.ends_with(".ics"),
        "{download}"
    );

    // Sharing, the clipboard path: no share sheet here, and the clipboard records what it got.
    browser
        .client
        .execute(
            "delete Navigator.prototype.share; delete navigator.share;
             window.copied = null;
             Object.defineProperty(navigator, 'clipboard', { configurable: true, value: {
                 writeText: (text) => { window.copied = text; return Promise.resolve(); } } });",
            vec![],
        )
        .await
        .expect("stands in for the clipboard");
    browser.click(".share-stay").await;
    browser
        .text_containing(
            ".share-status",
            "Copied. Paste it into a message to your visitor.",
        )
        .await;
    let copied = browser
        .client
        .execute("return window.copied;", vec![])
        .await
        .expect("reads it");
    let copied = copied.as_str().expect("text was copied");
    assert!(
        copied.starts_with("Visitor parking for AB12 CDE in permit zone "),
        "{copied}"
    );
    assert!(copied.ends_with("Show this if asked."), "{copied}");
    for private in [email.as_str(), "res_", "stay_"] {
        assert!(!copied.contains(private), "{private} in {copied}");
    }
    checked(browser, "stay-shared").await;

    // Book again from the stay: the vehicle and time filled in, the date the resident's.
    browser.click(".book-again").await;
    browser
        .text_containing("#book-again", "Booking again for AB12 CDE")
        .await;
    assert_eq!(browser.value("#vrm").await, "AB12 CDE");
    assert_eq!(browser.value("#start_time").await, "09:00");
    checked(browser, "book-again").await;
    let in_five_days = browser.local_date(5).await;
    book_on(browser, in_five_days).await;
}

/// Days the test clock moves on after the visit, so it is a past one.
const LATER: u64 = 4;

async fn book_again_from_a_past_stay(size: Size) {
    let email = format!("past-stays-{}@example.org", size.name());
    let resident = logged_in("hampshire", &email, size).await;
    resident.buy_visitor_bundle().await;
    let browser = &resident.browser;

    // A two-day visit from tomorrow at 10:15 (Hampshire's whole-day permits, issue 13).
    browser.click("#menu-activate").await;
    browser.fill("#vrm", "cd34 efg").await;
    browser.click("#start-tomorrow").await;
    browser.fill("#start_time", "10:15").await;
    browser.fill("#days", "2").await;
    browser.click("#activate-submit").await;
    browser
        .text_containing("#stay-confirmation", "CD34 EFG can park from 10:15")
        .await;

    // Days later the visit is over: Upcoming stays has nothing and links to Past stays.
    resident.days_later(LATER as i64, "hampshire", &email).await;
    browser.click("#menu-stays").await;
    browser.find("#no-stays").await;
    browser.click("#past-stays-link").await;
    browser.text_containing("h1", "Past stays").await;
    let list = browser.text_containing("#past-stay-list", "CD34 EFG").await;
    let days = browser
        .client
        .find_all(fantoccini::Locator::Css("#past-stay-list > li"))
        .await
        .expect("the stays");
    assert_eq!(
        days.len(),
        2,
        "one a day of the visit, latest first: {list}"
    );
    assert!(!browser.has(".pager").await, "two stays fit on one page");
    // At its own URL, on reload too, and on the menu.
    browser.goto("/stays/past").await;
    browser.text_containing("#past-stay-list", "CD34 EFG").await;
    checked(browser, "past-stays").await;
    browser.goto("/").await;
    browser.click("#menu-past-stays").await;
    browser.text_containing("#past-stay-list", "CD34 EFG").await;

    // Book again from the visit's later day: the vehicle, the visit's start time and its
    // days filled in; the resident types the date.
    browser.click(".book-again").await;
    browser
        .text_containing("#book-again", "Booking again for CD34 EFG")
        .await;
    assert_eq!(browser.value("#vrm").await, "CD34 EFG");
    assert_eq!(browser.value("#start_time").await, "10:15");
    assert_eq!(browser.value("#days").await, "2");
    browser.find("#start-other:checked").await;
    checked(browser, "book-again-past").await;
    let date = browser.local_date(LATER + 3).await;
    type_date(browser, date).await;
    browser.click("#activate-submit").await;
    let booked = browser
        .text_containing("#stay-confirmation", "That is 2 days")
        .await;
    let day = date.format("%-d %B %Y").to_string();
    assert!(
        booked.contains("CD34 EFG can park from 10:15") && booked.contains(&day),
        "{day} in {booked}"
    );
}

/// `%XX` escapes back to bytes (a `data:` URL's body).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => {
                let hex = std::str::from_utf8(hex).expect("hex digits");
                out.push(u8::from_str_radix(hex, 16).expect("an escape"));
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act3_saved_vehicles_book_again_calendar_and_share_at_1280x800() {
    saved_vehicles_rebooking_calendar_and_sharing(Size::Desktop).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act3_saved_vehicles_book_again_calendar_and_share_at_390x844() {
    saved_vehicles_rebooking_calendar_and_sharing(Size::Mobile).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act3_book_again_from_a_past_stay_at_1280x800() {
    book_again_from_a_past_stay(Size::Desktop).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn act3_book_again_from_a_past_stay_at_390x844() {
    book_again_from_a_past_stay(Size::Mobile).await;
}
