//! Register, log in with the PIN from the outbox, lockout (REG-1, REG-2), on both sizes.

use permit_e2e_browser::server::spawn_server;
use permit_e2e_browser::{Browser, Chromedriver, Size};
use permit_e2e_browser::{Property, property};

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn reg1_reg2_register_then_log_in_with_the_pin_from_the_outbox() {
    let server = spawn_server().await;
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Desktop).await;
    let Property {
        postcode,
        house,
        council_tax_account: account,
        ..
    } = property("hampshire");

    browser.goto("/").await;
    browser.screenshot("welcome").await;
    browser.click("#start-register").await;
    browser.choose("#council", "hampshire").await;
    browser.fill("#postcode", postcode).await;
    browser.fill("#house", house).await;
    browser.click("#find-address").await;
    browser
        .text_containing("#property_id", "12 Canon Street")
        .await;
    browser.fill("#full_name", "Sam Resident").await;
    browser.fill("#email", "sam@example.org").await;
    // A wrong council tax account number is refused next to its field, and the rest is kept.
    browser.fill("#council_tax_account", "41000014").await;
    browser.click("#register-submit").await;
    browser
        .text_containing(
            "#council_tax_account-error",
            "not the one for this property",
        )
        .await;
    browser
        .text_containing(".error-summary", "There is a problem")
        .await;
    browser.screenshot("register").await;
    let kept = browser
        .find("#email")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(kept.as_deref(), Some("sam@example.org"));
    browser.fill("#council_tax_account", account).await;
    browser.click("#register-submit").await;

    browser
        .text_containing("#pin-notice", "check your email or phone for a PIN")
        .await;
    let pin = server.latest_pin("sam@example.org").await;
    browser.fill("#pin", &pin).await;
    browser.screenshot("login").await;
    browser.click("#login-submit").await;
    browser
        .text_containing("#menu-title", "Hello, Sam Resident")
        .await;
    browser.click("#menu-account").await;
    // REG-1: the council tax account number is only ever shown masked.
    let details = browser
        .text_containing("#registration-details", "*****012")
        .await;
    assert!(!details.contains("41000012"), "{details}");
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn reg2_a_wrong_pin_is_a_field_error_and_a_lockout_says_how_long_to_wait() {
    let server = spawn_server().await;
    server.register("hampshire", "guess@example.org").await;
    let pin = server.latest_pin("guess@example.org").await;
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Desktop).await;

    browser.goto("/login").await;
    browser.choose("#council", "hampshire").await;
    browser.fill("#contact", "guess@example.org").await;
    browser.click("#send-pin").await;
    browser.fill("#pin", wrong).await;
    browser.click("#login-submit").await;
    let error = browser.text_containing("#pin-error", "PIN").await;
    assert!(!error.contains("try again in"), "{error}");
    for _ in 0..9 {
        let _ = server
            .client
            .log_in("hampshire", "guess@example.org", wrong)
            .await;
    }
    browser.click("#login-submit").await;
    browser
        .text_containing("#pin-error", "You can try again in")
        .await;
    browser.screenshot("lockout").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn reg2_log_in_on_a_phone_at_390x844_with_a_resent_pin() {
    let server = spawn_server().await;
    server.register("hampshire", "phone@example.org").await;
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Mobile).await;

    browser.goto("/").await;
    browser.click("#start-login").await;
    browser.choose("#council", "hampshire").await;
    browser.fill("#contact", "phone@example.org").await;
    browser.click("#send-pin").await;
    browser
        .text_containing("#pin-notice", "PIN is on its way")
        .await;
    // Registration sent one PIN, "Send me a PIN" a second, "Send a new PIN" a third.
    let first = server.pin_after_messages("phone@example.org", 2).await;
    browser.click("#resend-pin").await;
    let pin = server.pin_after_messages("phone@example.org", 3).await;
    assert_ne!(pin, first, "a new PIN was sent");
    browser.fill("#pin", &pin).await;
    browser.click("#login-submit").await;
    browser.text_containing("#menu-title", "Hello").await;
    let width = browser
        .client
        .execute("return window.innerWidth;", vec![])
        .await
        .expect("width");
    assert_eq!(width, serde_json::json!(390));
    browser.screenshot("menu-after-login").await;
    browser.close().await;
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn reg2_log_in_with_the_keyboard_alone_in_a_sensible_focus_order() {
    let server = spawn_server().await;
    server.register("hampshire", "keys@example.org").await;
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Desktop).await;
    browser.goto("/login").await;
    browser.find("#council").await;

    // The skip link, then the brand link (no id), then the form from the top.
    browser.keys(TAB).await;
    assert_eq!(browser.focused_id().await, "");
    browser.keys(&format!("{TAB}{TAB}")).await;
    assert_eq!(browser.focused_id().await, "council");
    browser.keys("Hampshire").await;
    browser.keys(TAB).await;
    assert_eq!(browser.focused_id().await, "contact");
    browser.keys("keys@example.org").await;
    browser.keys(TAB).await;
    assert_eq!(browser.focused_id().await, "send-pin");
    browser.keys(ENTER).await;
    browser
        .text_containing("#pin-notice", "PIN is on its way")
        .await;
    let pin = server.pin_after_messages("keys@example.org", 2).await;
    // Focus moved on to the PIN field once it appeared.
    assert_eq!(browser.focused_id().await, "pin");
    browser.keys(&pin).await;
    browser.keys(ENTER).await;
    browser.text_containing("#menu-title", "Hello").await;
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn reg3_register_with_proof_of_address_then_upload_it_from_the_account_page() {
    let server = spawn_server().await;
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, Size::Mobile).await;
    let Property {
        postcode, house, ..
    } = property("cambridgeshire");

    browser.goto("/register").await;
    browser.choose("#council", "cambridgeshire").await;
    browser
        .text_containing("form", "checks proof of address")
        .await;
    // REG-3: no council tax account number is asked for here.
    let asked = browser
        .client
        .find_all(fantoccini::Locator::Css("#council_tax_account"))
        .await
        .expect("find");
    assert!(asked.is_empty());
    browser.fill("#postcode", postcode).await;
    browser.fill("#house", house).await;
    browser.click("#find-address").await;
    browser
        .text_containing("#property_id", "Chesterton Road")
        .await;
    browser.fill("#full_name", "Cam Resident").await;
    browser.fill("#mobile", "07700 900123").await;
    browser.click("#register-submit").await;
    browser
        .text_containing("#pin-notice", "check your email or phone for a PIN")
        .await;
    let pin = server.latest_pin("07700900123").await;
    browser.fill("#pin", &pin).await;
    browser.click("#login-submit").await;
    browser
        .text_containing("main", "Upload your proof of address")
        .await;

    browser.goto("/account").await;
    let proof = tempfile::Builder::new()
        .suffix(".png")
        .tempfile()
        .expect("proof file");
    // The smallest valid PNG: a signature and an IHDR chunk are enough for a type check.
    std::fs::write(proof.path(), PNG).expect("write proof");
    let input = browser.find("#proof").await;
    input
        .send_keys(&proof.path().display().to_string())
        .await
        .expect("choose file");
    browser.screenshot("proof-upload").await;
    browser.click("#proof-submit").await;
    let review = "waiting for the council's review";
    browser.text_containing("#proof-done", review).await;
    browser
        .text_containing("#registration-status", review)
        .await;
    browser.close().await;
}

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0,
    1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde,
];

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn a_session_idle_for_31_minutes_ends_and_the_page_asks_to_log_in_again() {
    let resident =
        permit_e2e_browser::logged_in("hampshire", "idle@example.org", Size::Desktop).await;
    let browser = &resident.browser;
    resident
        .server
        .client
        .advance_clock(31 * 60)
        .await
        .expect("clock");
    browser.click("#menu-payments").await;
    browser
        .text_containing("main", "You need to log in to see this page.")
        .await;
    browser.click("main a[href='/login']").await;
    browser.text_containing("h1", "Log in").await;
}
