//! The council's back office in the browser (issue 17): a member of staff logged in at
//! `/office/`, either through its login page with the emailed code or with a session made
//! through the API (for tests whose subject is a later page).

use crate::{Browser, Chromedriver, Size, TestServer, server};
use serde_json::Value;

/// The server with both web builds, failing clearly when the back office is not built.
pub async fn spawn_server() -> TestServer {
    let office = server::office_dir();
    assert!(
        office.join("index.html").is_file(),
        "no back-office build at {}: run scripts/test-ui.sh (scripts/build-web.sh) first",
        office.display()
    );
    server::spawn_server().await
}

/// A browser at a size, on `server`, logged in to the back office as `email` (added through the
/// test-mode operator API with `role` at `council`) with a session made through the API.
pub async fn staff_browser(
    driver: &Chromedriver,
    server: &TestServer,
    (council, role, email): (&str, &str, &str),
    size: Size,
) -> Browser {
    let staff = server.staff(council, role, email).await;
    let browser = Browser::open(driver, &server.url, size).await;
    browser
        .office_session(staff.token().expect("a staff session"))
        .await;
    browser
}

impl Browser {
    /// Starts the back office with a session made through the API, on its home page.
    pub async fn office_session(&self, token: &str) {
        self.goto("/office/login").await;
        self.find("main h1").await;
        self.client
            .execute(
                "sessionStorage.setItem('permit-office-session', arguments[0]);",
                vec![Value::from(token)],
            )
            .await
            .expect("stores the session");
        self.goto("/office").await;
        self.find("#who").await;
    }
}

/// The 6-digit code in the newest back-office login email to `email`.
pub async fn latest_code(server: &TestServer, email: &str) -> String {
    permit_test_support::outbox::latest_pin(&server.client, email).await
}
