//! Issue 19 at 390x844: the web build's offline copy. A resident kept signed in books a stay;
//! cut off the network (DevTools network emulation) the reloaded app comes from the service
//! worker and shows the stay with "Offline – last updated HH:MM", with every action that needs
//! the service disabled and saying why (Cancel stay and Book again, the Past stays link, the
//! menu's entries); back online it syncs; logging out leaves neither the
//! stay nor the session token in IndexedDB or the caches. The same for a tab's bearer session,
//! whose token the page itself holds. Each page is checked by axe-core and for sideways
//! scrolling.

use permit_e2e_browser::resident::{
    book_stay_now, buy_visitor_bundle, log_in_keeping_signed_in, session_token,
};
use permit_e2e_browser::server::spawn_server;
use permit_e2e_browser::{Browser, Chromedriver, Size, book_tomorrow_at_nine};
use serde_json::Value;

const COUNCIL: &str = "hampshire";

async fn checked(browser: &Browser, page: &str) {
    browser.assert_no_axe_violations(page).await;
    browser.assert_no_sideways_scroll(page).await;
    browser.screenshot(page).await;
}

/// The time in London now, as the banner writes it ("09:42").
async fn london_time(browser: &Browser) -> String {
    let found = browser
        .client
        .execute(
            "return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());",
            vec![],
        )
        .await
        .expect("the time");
    found.as_str().unwrap_or_default().to_owned()
}

/// Whether a request from the page reaches the service (0: no answer at all).
async fn health_status(browser: &Browser) -> u64 {
    let status = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/health').then(r => done(r.status), () => done(0));",
            vec![],
        )
        .await
        .expect("fetch ran");
    status.as_u64().unwrap_or_default()
}

/// Whether this page is controlled by the service worker, and whether a shell file the worker
/// has not cached (so it must go to the network) can be fetched through it.
async fn controlled_and_uncached_fetch(browser: &Browser) -> (bool, u64) {
    let found = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const controlled = navigator.serviceWorker.controller !== null;
             fetch('/manifest.webmanifest?uncached=' + Date.now())
               .then(r => done([controlled, r.status]), () => done([controlled, 0]));",
            vec![],
        )
        .await
        .expect("fetch ran");
    (
        found[0].as_bool().unwrap_or_default(),
        found[1].as_u64().unwrap_or_default(),
    )
}

/// The button `css` finds is disabled and tied (`aria-describedby`) to a reason saying `why`.
async fn disabled_with_reason(browser: &Browser, css: &str, why: &str) {
    let button = browser.find(css).await;
    assert!(
        !button.is_enabled().await.expect("enabled?"),
        "{css} is disabled offline"
    );
    let reason_id = button
        .attr("aria-describedby")
        .await
        .expect("attr")
        .unwrap_or_else(|| panic!("the reason is tied to {css}"));
    browser.text_containing(&format!("#{reason_id}"), why).await;
}

fn synced_at(copy: &Value) -> String {
    copy["synced_at"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn issue19_offline_copy_shows_the_stay_and_is_wiped_with_the_session() {
    let server = spawn_server().await;
    let email = "kerb@example.org";
    // Registered, with visitor permits, through the API (this session buys them).
    let api_token = session_token(&server, COUNCIL, email).await;
    buy_visitor_bundle(&server, &api_token).await;
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Mobile).await;

    log_in_keeping_signed_in(&browser, &server, COUNCIL, email).await;
    let cookie = browser
        .client
        .get_all_cookies()
        .await
        .expect("cookies")
        .into_iter()
        .find(|c| c.name() == "__Host-permits_session")
        .expect("the session cookie");
    let cookie_token = cookie.value().to_owned();

    // Book a stay; the copy is synced after it.
    browser.click("#menu-activate").await;
    book_tomorrow_at_nine(&browser, "kr19 bnx", "KR19 BNX").await;
    let before = london_time(&browser).await;
    let copy = browser.offline_copy_containing("KR19BNX").await;
    let first_sync = synced_at(&copy);
    assert!(copy["me"]["full_name"].is_string(), "{copy}");
    assert!(copy["vehicles"].to_string().contains("KR19BNX"), "{copy}");
    assert!(copy["bundles"].is_array(), "permits left: {copy}");
    browser.assert_device_holds_none(&cookie_token, &[]).await;

    // The service worker has installed and controls the page before the network goes.
    browser.goto("/stays").await;
    browser.text_containing("#stay-list", "KR19 BNX").await;
    let (controlled, _) = controlled_and_uncached_fetch(&browser).await;
    assert!(controlled, "the service worker controls the page");

    // Offline, reload: the shell comes from the worker's cache, the stay from the copy.
    browser.set_offline(true).await;
    browser.goto("/stays").await;
    let banner = browser
        .text_containing("#offline-copy", "Offline – last updated ")
        .await;
    let after = london_time(&browser).await;
    assert!(
        banner.ends_with(&before) || banner.ends_with(&after),
        "last updated at the sync ({before} or {after}): {banner}"
    );
    browser.text_containing("#stay-list", "KR19 BNX").await;
    assert_eq!(
        health_status(&browser).await,
        0,
        "the service is out of reach"
    );
    let (controlled, uncached) = controlled_and_uncached_fetch(&browser).await;
    assert!(
        controlled,
        "the reloaded page runs under the service worker"
    );
    assert_eq!(
        uncached, 0,
        "nothing reached the network: the shell was the worker's"
    );
    // Actions that need the service: disabled, the reason next to them; Past stays too.
    disabled_with_reason(&browser, ".cancel-stay", "You are offline").await;
    disabled_with_reason(&browser, ".book-again", "booking again needs a connection").await;
    assert!(
        !browser.has("a.book-again").await,
        "Book again is no link offline"
    );
    browser
        .text_containing(
            "#past-stays-offline",
            "you are offline: past stays need a connection",
        )
        .await;
    assert!(
        !browser.has("#past-stays-link").await,
        "Past stays is no link offline"
    );
    checked(&browser, "offline-stays").await;

    // The menu opens from the copy too: permits left, and the pages that need the service
    // without their links, each saying why.
    browser.goto("/").await;
    browser.text_containing("#menu-title", "Hello").await;
    browser.find("#offline-copy").await;
    browser
        .text_containing("#menu-permits-left", "You have")
        .await;
    browser
        .text_containing("#menu-buy", "You are offline: this needs a connection")
        .await;
    assert!(!browser.has("a#menu-buy").await, "Buy is no link offline");
    browser.find("a#menu-stays").await;
    checked(&browser, "offline-menu").await;
    browser.goto("/activate").await;
    browser
        .text_containing("#needs-connection", "This page needs a connection")
        .await;
    checked(&browser, "offline-activate").await;

    // Meanwhile another stay is booked (by text, say): back online the app syncs and shows it.
    book_stay_now(&server, &api_token, "XY99 ZZZ").await;
    browser.goto("/stays").await;
    browser.find("#offline-copy").await;
    browser.set_offline(false).await;
    browser.gone("#offline-copy").await;
    browser.text_containing("#stay-list", "XY99 ZZZ").await;
    let copy = browser.offline_copy_containing("XY99ZZZ").await;
    assert!(synced_at(&copy) > first_sync, "synced again: {copy}");
    assert!(
        browser
            .find(".cancel-stay")
            .await
            .is_enabled()
            .await
            .expect("enabled?"),
        "Cancel stay is back online"
    );
    browser.find("a.book-again").await;
    browser.find("#past-stays-link").await;

    // Logging out wipes the copy: no stay, no token anywhere on the device.
    browser.click("#header-log-out").await;
    browser
        .text_containing("#logged-out", "You have logged out")
        .await;
    assert_eq!(browser.offline_copy().await, Value::Null);
    browser
        .assert_device_holds_none(&cookie_token, &["KR19BNX", "XY99ZZZ", email])
        .await;

    // A tab's bearer session: the page holds this token, and the copy still does not.
    browser.log_in_with(&api_token).await;
    browser.offline_copy_containing("XY99ZZZ").await;
    browser.assert_device_holds_none(&api_token, &[]).await;
    browser.click("#header-log-out").await;
    browser
        .text_containing("#logged-out", "You have logged out")
        .await;
    browser
        .assert_device_holds_none(&api_token, &["KR19BNX", "XY99ZZZ", email])
        .await;
    browser.close().await;
}
