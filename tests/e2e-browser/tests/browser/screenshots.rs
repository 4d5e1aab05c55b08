//! A screenshot of each main page at 1280x800 and at 390x844, for people to look at
//! (written under target/screenshots), and the checks every page passes at both sizes (issue
//! 14): labelled controls, axe-core without violations, no sideways scroll, and buttons whose
//! keyboard focus style has 3:1 contrast.

use permit_e2e_browser::resident::{approve_newest_purchase, buy_visitor_bundle, session_token};
use permit_e2e_browser::server::spawn_server;
use permit_e2e_browser::{Browser, Chromedriver, Size};

const PAGES: &[(&str, &str, &str)] = &[
    // (path, name, heading)
    ("/", "menu", "Hello"),
    ("/buy", "buy", "Buy Digital Permits"),
    ("/activate", "activate", "Activate Visitor Permit"),
    ("/stays", "stays", "Upcoming stays"),
    ("/permits", "permits", "Manage Digital Permits"),
    ("/payments", "payments", "Payment History"),
    ("/account", "account", "Account"),
];

async fn every_page(size: Size) {
    let server = spawn_server().await;
    let token = session_token(&server, "leicestershire", "pictures@example.org").await;
    // A purchase, approved, so Payment History and the permits pages have rows to lay out.
    buy_visitor_bundle(&server, &token).await;
    approve_newest_purchase(&server, &token).await;
    // And a stay, so Upcoming stays has its grey Cancel button, whose focus style is checked.
    let booking = permit_client::types::StayBooking {
        vrm: "AB12 CDE".into(),
        duration_minutes: Some(120),
        ..Default::default()
    };
    server
        .client
        .with_token(&token)
        .book_stay(&booking)
        .await
        .expect("a stay");
    let driver = Chromedriver::start();
    let browser = Browser::open(&driver, &server.url, size).await;
    // Every page's problems, reported together at the end.
    let mut problems = Vec::new();
    browser.goto("/register").await;
    browser.text_containing("h1", "Register").await;
    browser.screenshot("page-register").await;
    browser
        .assert_controls_labelled_and_ids_unique("register")
        .await;
    problems.extend(checks(&browser, "register").await);
    browser.goto("/login").await;
    browser.text_containing("h1", "Log in").await;
    browser.screenshot("page-login").await;
    browser
        .assert_controls_labelled_and_ids_unique("login")
        .await;
    problems.extend(checks(&browser, "login").await);
    browser.log_in_with(&token).await;
    for (path, name, heading) in PAGES {
        // Through the menu's links, as a resident would (and the app's own navigation).
        browser.goto("/").await;
        browser.find("#menu-title").await;
        if *path != "/" {
            browser
                .click(&format!("a[href='{path}']:not(.brand)"))
                .await;
        }
        browser.text_containing("h1", heading).await;
        // Wait until the page has finished loading what it shows.
        wait_loaded(&browser).await;
        let file = browser.screenshot(&format!("page-{name}")).await;
        assert!(file.is_file());
        browser.assert_controls_labelled_and_ids_unique(name).await;
        problems.extend(checks(&browser, name).await);
    }
    browser.close().await;
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// What axe-core and the reflow check find on the page as it is now.
async fn checks(browser: &Browser, page: &str) -> Vec<String> {
    let axe = browser.axe_violations(page).await;
    let scroll = browser.sideways_scroll(page).await;
    let (buttons, focus) = browser.button_focus(page).await;
    // The grey Cancel button is reached by keyboard, so its focus style was measured.
    let cancel = (page == "stays" && !buttons.iter().any(|b| b.starts_with("Cancel")))
        .then(|| format!("stays: no Cancel button reached by Tab; reached {buttons:?}"));
    axe.into_iter()
        .chain(scroll)
        .chain(focus)
        .chain(cancel)
        .collect()
}

async fn wait_loaded(browser: &Browser) {
    for _ in 0..300 {
        let loading = browser
            .client
            .find_all(fantoccini::Locator::Css(".loading"))
            .await
            .map(|found| found.len())
            .unwrap_or(0);
        if loading == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the page never finished loading");
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn screenshots_of_each_main_page_at_1280x800() {
    every_page(Size::Desktop).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn screenshots_of_each_main_page_at_390x844() {
    every_page(Size::Mobile).await;
}
