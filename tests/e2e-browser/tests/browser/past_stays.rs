//! Past stays a page at a time (issue 18), at 390x844 and 1280x800: with 21 past stays the
//! list shows the latest 20 and a "Next page" link, the second page the one left and "Previous
//! page"; the page number is in the URL, so a reload shows the same page; both links work from
//! the keyboard. Each page is checked by axe-core and for sideways scrolling.

use permit_e2e_browser::resident::{book_visit_now, buy_visitor_bundles};
use permit_e2e_browser::{Browser, Size, logged_in};
use std::collections::BTreeSet;

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// Hampshire's longest visit (`max_visit_days`): each of its days is a stay of its own.
const VISIT_DAYS: u32 = 7;
/// Three visitors' week-long visits: 21 past stays, one more than a page (`PER_PAGE`, 20).
const VISITORS: [&str; 3] = ["AB12 CDE", "CD34 EFG", "EF56 GHJ"];

/// axe-core and the reflow check on the page as it is now, then a screenshot to look at.
async fn checked(browser: &Browser, page: &str) {
    browser.assert_no_axe_violations(page).await;
    browser.assert_no_sideways_scroll(page).await;
    browser.screenshot(page).await;
}

/// The text of each past stay listed on the page now.
async fn listed(browser: &Browser) -> Vec<String> {
    browser.find("#past-stay-list").await;
    let items = browser
        .client
        .find_all(fantoccini::Locator::Css("#past-stay-list > li"))
        .await
        .expect("the stays");
    let mut texts = Vec::with_capacity(items.len());
    for item in items {
        texts.push(item.text().await.expect("a stay's text"));
    }
    texts
}

/// Presses Tab until the element with `id` has focus (it must come within `most` presses,
/// after the stays listed before it), then Enter on it.
async fn tab_to_and_press(browser: &Browser, id: &str, most: usize) {
    for _ in 0..most {
        browser.keys(TAB).await;
        if browser.focused_id().await == id {
            browser.keys(ENTER).await;
            return;
        }
    }
    panic!("#{id} never had focus within {most} presses of Tab");
}

async fn past_stays_page_by_page(size: Size) {
    let email = format!("past-pages-{}@example.org", size.name());
    let resident = logged_in("hampshire", &email, size).await;
    buy_visitor_bundles(&resident.server, &resident.token, 3).await;
    for vrm in VISITORS {
        book_visit_now(&resident.server, &resident.token, vrm, VISIT_DAYS).await;
    }
    // A day after the last of them ended.
    resident
        .days_later(i64::from(VISIT_DAYS) + 1, "hampshire", &email)
        .await;
    let browser = &resident.browser;

    browser.click("#menu-past-stays").await;
    browser.text_containing("h1", "Past stays").await;
    let first = listed(browser).await;
    assert_eq!(first.len(), 20, "a page of 20: {first:?}");
    browser.text_containing(".pager-at", "Page 1").await;
    browser.find("#past-next").await;
    assert!(
        !browser.has("#past-previous").await,
        "no page before the first"
    );
    checked(browser, "past-stays-page-1").await;

    // To the next page by the keyboard alone: the link comes after the list's 20 "Book again".
    tab_to_and_press(browser, "past-next", 80).await;
    browser.text_containing(".pager-at", "Page 2").await;
    let second = listed(browser).await;
    assert_eq!(second.len(), 1, "the one left: {second:?}");
    assert!(!browser.has("#past-next").await, "no page after the last");
    browser.find("#past-previous").await;
    assert!(
        browser.current_url().await.ends_with("/stays/past?page=2"),
        "the page is in the URL"
    );
    checked(browser, "past-stays-page-2").await;

    // Every stay once, on one page or the other: 3 visitors on 7 days each.
    let all: BTreeSet<&String> = first.iter().chain(&second).collect();
    assert_eq!(all.len(), VISITORS.len() * VISIT_DAYS as usize, "{all:?}");
    for vrm in VISITORS {
        let shown = all.iter().filter(|stay| stay.contains(vrm)).count();
        assert_eq!(shown, VISIT_DAYS as usize, "{vrm}'s days in {all:?}");
    }

    // A reload keeps the page; Previous page, by the keyboard, goes back to the latest 20.
    browser.goto("/stays/past?page=2").await;
    browser.text_containing(".pager-at", "Page 2").await;
    assert_eq!(listed(browser).await, second);
    tab_to_and_press(browser, "past-previous", 40).await;
    browser.text_containing(".pager-at", "Page 1").await;
    assert_eq!(listed(browser).await, first);
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn past_stays_page_by_page_at_1280x800() {
    past_stays_page_by_page(Size::Desktop).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn past_stays_page_by_page_at_390x844() {
    past_stays_page_by_page(Size::Mobile).await;
}
