//! REG-2, "Keep me signed in on this device" (issue 19), at 390x844: the login page's
//! checkbox; the session then lives in an HttpOnly, SameSite=Strict cookie and no token in the
//! page's storage; closing the tab and opening a new one (a fresh sessionStorage) finds the
//! resident still signed in, and a write from it (logging out) carries the CSRF token the new
//! tab fetched; logging out clears the cookie and ends the session on the server.

use fantoccini::cookies::Cookie;
use permit_e2e_browser::server::spawn_server;
use permit_e2e_browser::{Browser, Chromedriver, Size};
use serde_json::Value;

const COOKIE_NAME: &str = "__Host-permits_session";

/// Everything the page's script can read that could hold a secret: both storages and
/// `document.cookie`.
async fn readable_by_the_page(browser: &Browser) -> String {
    let found = browser
        .client
        .execute(
            "return JSON.stringify({session: {...sessionStorage}, local: {...localStorage}, cookie: document.cookie});",
            vec![],
        )
        .await
        .expect("storage read");
    found.as_str().unwrap_or_default().to_owned()
}

async fn session_cookie(browser: &Browser) -> Option<Cookie<'static>> {
    let cookies = browser.client.get_all_cookies().await.expect("cookies");
    cookies.into_iter().find(|c| c.name() == COOKIE_NAME)
}

/// The status of `GET /api/v1/me` made by the page with whatever cookie the browser holds.
async fn me_status(browser: &Browser) -> u64 {
    let status = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/me').then(r => done(r.status), () => done(0));",
            vec![],
        )
        .await
        .expect("fetch ran");
    status.as_u64().unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn reg2_keep_me_signed_in_survives_a_new_tab_and_logging_out_clears_it() {
    let server = spawn_server().await;
    let email = "keep@example.org";
    server.register("hampshire", email).await;
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Mobile).await;

    browser.goto("/login").await;
    browser.choose("#council", "hampshire").await;
    browser.fill("#contact", email).await;
    browser.click("#send-pin").await;
    browser.text_containing("#pin-notice", "PIN").await;
    let pin = server.latest_pin(email).await;
    browser.fill("#pin", &pin).await;
    let unticked = browser
        .find("#keep_signed_in")
        .await
        .prop("checked")
        .await
        .expect("checked");
    assert_eq!(unticked.as_deref(), Some("false"), "off unless chosen");
    browser.click("#keep_signed_in").await;
    browser
        .text_containing("#keep_signed_in-hint", "Only on your own phone or computer")
        .await;
    browser
        .assert_no_axe_violations("login-keep-signed-in")
        .await;
    browser
        .assert_no_sideways_scroll("login-keep-signed-in")
        .await;
    browser.screenshot("login-keep-signed-in").await;
    browser.click("#login-submit").await;
    browser.text_containing("#menu-title", "Hello").await;

    let cookie = session_cookie(&browser).await.expect("the session cookie");
    assert_eq!(cookie.http_only(), Some(true), "HttpOnly");
    assert_eq!(cookie.secure(), Some(true), "Secure");
    assert_eq!(format!("{:?}", cookie.same_site()), "Some(Strict)");
    assert_eq!(cookie.path(), Some("/"));
    let token = cookie.value().to_owned();
    assert_eq!(token.len(), 64);
    let readable = readable_by_the_page(&browser).await;
    assert!(
        !readable.contains(&token) && !readable.contains(COOKIE_NAME),
        "the page can read no session token: {readable}"
    );

    // Close the tab, open a new one: its sessionStorage starts empty, the cookie stays.
    let old = browser.client.window().await.expect("this tab");
    let new = browser.client.new_window(true).await.expect("a new tab");
    browser.client.switch_to_window(old).await.expect("old tab");
    browser.client.close_window().await.expect("tab closed");
    browser
        .client
        .switch_to_window(new.handle)
        .await
        .expect("new tab");
    browser.goto("/").await;
    browser.text_containing("#menu-title", "Hello").await;
    let fresh = readable_by_the_page(&browser).await;
    assert!(
        fresh.contains("\"session\":{}"),
        "a new tab's storage: {fresh}"
    );
    assert!(!fresh.contains(&token), "{fresh}");
    browser
        .assert_no_axe_violations("menu-kept-signed-in")
        .await;
    browser.screenshot("menu-kept-signed-in").await;
    // A reload stays signed in too.
    browser.goto("/account").await;
    browser.text_containing("h1", "Account").await;

    // Logging out is a write: it needs the CSRF token this tab fetched for itself.
    browser.click("#log-out").await;
    browser
        .text_containing("#logged-out", "You have logged out")
        .await;
    assert!(
        session_cookie(&browser).await.is_none(),
        "the server's answer cleared the cookie"
    );
    browser.goto("/").await;
    browser.find("#start-login").await;
    assert!(
        !browser.has("#menu-title").await,
        "signed out after a reload"
    );
    // The session itself has ended: the old cookie put back by hand gets a 401.
    browser
        .client
        .add_cookie(cookie)
        .await
        .expect("cookie back");
    assert_eq!(me_status(&browser).await, 401, "ended on the server");
    let readable: Value =
        serde_json::from_str(&readable_by_the_page(&browser).await).expect("json");
    assert_eq!(readable["local"], serde_json::json!({}), "{readable}");
    browser.close().await;
}
