//! Issue 19, "Log out everywhere" on Account, keyboard only: a resident logged in on two
//! devices (this one kept signed in, the other a tab's session), each with an offline copy of
//! a stay, confirms "Log out everywhere" on this one. This device forgets its session and its
//! copy at once; the other's session has ended on the server (401), and its next request
//! finds out: its copy is wiped and it asks to log in. At 390x844 and 1280x800 (the other
//! device the other size), each state checked by axe-core.

use permit_e2e_browser::resident::{
    book_stay_now, buy_visitor_bundle, log_in_keeping_signed_in, new_session, session_token,
};
use permit_e2e_browser::server::spawn_server;
use permit_e2e_browser::{Browser, Chromedriver, Size};
use serde_json::Value;

const COUNCIL: &str = "hampshire";
const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

/// The status of `GET /api/v1/me` with `token` as a bearer token, asked from the page.
async fn me_status_with(browser: &Browser, token: &str) -> u64 {
    let status = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/me', { headers: { Authorization: 'Bearer ' + arguments[0] } })
               .then(r => done(r.status), () => done(0));",
            vec![Value::from(token)],
        )
        .await
        .expect("fetch ran");
    status.as_u64().unwrap_or_default()
}

/// Presses Tab until the element with `id` has focus (at most `limit` times).
async fn tab_to(browser: &Browser, id: &str, limit: usize) {
    for _ in 0..limit {
        browser.keys(TAB).await;
        if browser.focused_id().await == id {
            return;
        }
    }
    browser.fail(&format!("Tab never reached #{id}")).await
}

async fn checked(browser: &Browser, page: &str) {
    browser.assert_no_axe_violations(page).await;
    browser.assert_no_sideways_scroll(page).await;
    browser.screenshot(page).await;
}

async fn log_out_everywhere(size: Size, other_size: Size, email: &str) {
    let server = spawn_server().await;
    let api_token = session_token(&server, COUNCIL, email).await;
    buy_visitor_bundle(&server, &api_token).await;
    book_stay_now(&server, &api_token, "LE19 VRY").await;
    let driver = Chromedriver::start();
    let here = Browser::open(&driver, &server.url, size).await;
    log_in_keeping_signed_in(&here, &server, COUNCIL, email).await;
    let other = Browser::open(&driver, &server.url, other_size).await;
    let other_token = new_session(&server, COUNCIL, email).await;
    other.log_in_with(&other_token).await;
    // Each device keeps its offline copy of the stay.
    here.offline_copy_containing("LE19VRY").await;
    other.offline_copy_containing("LE19VRY").await;

    // Keyboard only from the top of Account: the button, then its confirmation.
    here.goto("/account").await;
    here.find("#log-out-everywhere").await;
    tab_to(&here, "log-out-everywhere", 60).await;
    checked(&here, "account-log-out-everywhere").await;
    here.keys(ENTER).await;
    here.text_containing("#log-out-everywhere-confirm", "Log out on every device?")
        .await;
    assert_eq!(here.focused_tag().await, "H2", "focus on the question");
    checked(&here, "log-out-everywhere-confirm").await;
    // "No" keeps everything as it was.
    tab_to(&here, "stay-logged-in", 3).await;
    here.keys(ENTER).await;
    here.gone("#log-out-everywhere-confirm").await;
    assert_eq!(me_status_with(&here, &other_token).await, 200, "not yet");
    here.find("#log-out-everywhere").await;
    // Focus goes back to the button (once it is drawn again).
    here.wait_for_focus("log-out-everywhere").await;
    here.keys(ENTER).await;
    here.find("#confirm-log-out-everywhere").await;
    tab_to(&here, "confirm-log-out-everywhere", 3).await;
    here.keys(ENTER).await;

    // This device: logged out, its copy and cookie gone.
    here.text_containing("#logged-out", "You have logged out on every device")
        .await;
    checked(&here, "logged-out-everywhere").await;
    assert_eq!(here.offline_copy().await, Value::Null, "this device's copy");
    let cookies = here.client.get_all_cookies().await.expect("cookies");
    assert!(
        !cookies.iter().any(|c| c.name() == "__Host-permits_session"),
        "the session cookie is cleared"
    );
    here.goto("/").await;
    here.find("#start-login").await;

    // The other device: its session has ended on the server, though its page has not asked
    // yet (its copy is still there); its next request gets the 401 and wipes the copy.
    assert_eq!(me_status_with(&here, &other_token).await, 401, "ended");
    assert_ne!(other.offline_copy().await, Value::Null, "not asked yet");
    other.click("#menu-stays").await;
    other
        .text_containing("main", "You need to log in to see this page.")
        .await;
    for _ in 0..100 {
        if other.offline_copy().await == Value::Null {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(other.offline_copy().await, Value::Null, "the other's copy");
    other
        .assert_device_holds_none(&other_token, &["LE19VRY"])
        .await;
    checked(&other, "logged-out-elsewhere").await;
    other.close().await;
    here.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn issue19_log_out_everywhere_at_390x844_ends_the_other_devices_session_and_copy() {
    log_out_everywhere(Size::Mobile, Size::Desktop, "everywhere-phone@example.org").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn issue19_log_out_everywhere_at_1280x800_ends_the_other_devices_session_and_copy() {
    log_out_everywhere(Size::Desktop, Size::Mobile, "everywhere-laptop@example.org").await;
}
