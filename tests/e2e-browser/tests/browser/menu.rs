//! What every page shares: a council's menu shows only what it offers, each page has its own
//! `<title>` and takes focus on its `h1` after a navigation, and Log out in the header ends
//! with "You have logged out".

use permit_e2e_browser::{Size, logged_in};

const SERVICE: &str = "Resident Parking Permits";

async fn menu_titles_focus_and_log_out(size: Size) {
    let email = format!("menu-{}@example.org", size.name());
    // Leicester has no visitor stays: its menu has no Activate and no Upcoming stays.
    let resident = logged_in("leicester", &email, size).await;
    let browser = &resident.browser;
    browser.wait_for_title(SERVICE).await;
    for present in [
        "#menu-buy",
        "#menu-permits",
        "#menu-payments",
        "#menu-account",
    ] {
        browser.find(present).await;
    }
    for absent in ["#menu-activate", "#menu-stays", "#menu-past-stays"] {
        assert!(!browser.has(absent).await, "{absent} on Leicester's menu");
    }
    assert!(
        !browser.has("#menu-permits-left").await,
        "no visitor permits to count"
    );
    browser.screenshot("menu-leicester").await;

    for (link, title) in [
        ("#menu-buy", "Buy permits"),
        ("#menu-permits", "Manage your permits"),
        ("#menu-payments", "Payment history"),
        ("#menu-account", "Your account"),
    ] {
        browser.goto("/").await;
        browser.find("#menu-title").await;
        browser.click(link).await;
        browser
            .wait_for_title(&format!("{title} – {SERVICE}"))
            .await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while browser.focused_tag().await != "H1" {
            assert!(
                std::time::Instant::now() < deadline,
                "focus never moved to the h1 of {title}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    // A page opened directly (a reload or a link) has its title too.
    browser.goto("/payments").await;
    browser
        .wait_for_title(&format!("Payment history – {SERVICE}"))
        .await;

    browser.click("#header-log-out").await;
    browser
        .text_containing("#logged-out", "You have logged out")
        .await;
    browser.find("#start-login").await;
    assert!(!browser.has("#header-log-out").await);
    browser.screenshot("logged-out").await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn menu_titles_focus_and_log_out_at_1280x800() {
    menu_titles_focus_and_log_out(Size::Desktop).await;
}

#[tokio::test]
#[ignore = "needs Chromium and the web build: scripts/test-ui.sh"]
async fn menu_titles_focus_and_log_out_at_390x844() {
    menu_titles_focus_and_log_out(Size::Mobile).await;
}
