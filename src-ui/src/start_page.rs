//! The start page a visitor who is not logged in sees: drawn by the app (`pages::home`) and,
//! before the wasm has arrived, by index.html's shell, so the first paint on a slow phone
//! connection is the page itself (issue 19). One set of words for both, checked below against
//! index.html.

pub const HEADING: &str = "Parking permits for residents";
pub const LEDE: &str =
    "Buy visitor permits, book your visitors' stays and manage your resident permits.";
/// Each entry: its link, the id the app gives it, its title and what it says.
pub const ENTRIES: [(&str, &str, &str, &str); 2] = [
    (
        "/login",
        "start-login",
        "Log in",
        "With a PIN sent to your email or mobile.",
    ),
    (
        "/register",
        "start-register",
        "Register",
        "First time here: register your address with your council.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = include_str!("../index.html");

    /// The shell's copy of the start page: index.html from its `shell-start` block on.
    fn shell_start() -> &'static str {
        let start = INDEX
            .find("id=\"shell-start\"")
            .expect("the shell's start page");
        let end = INDEX[start..].find("</div>").expect("its end") + start;
        &INDEX[start..end]
    }

    #[test]
    fn index_html_draws_the_start_page_with_the_apps_words() {
        let shell = shell_start();
        assert!(shell.contains(&format!("<h1>{HEADING}</h1>")), "{shell}");
        assert!(shell.contains(&format!("<p>{LEDE}</p>")), "{shell}");
        let mut at = 0;
        for (href, _, title, text) in ENTRIES {
            let entry = format!(
                "<li><a href=\"{href}\">\n            <span class=\"menu-title\">{title}</span>\n            <span class=\"menu-text\">{text}</span>"
            );
            let found = shell[at..]
                .find(&entry)
                .unwrap_or_else(|| panic!("{entry} in {shell}"));
            at += found + entry.len();
        }
    }

    #[test]
    fn the_shell_shows_it_only_where_the_app_would() {
        // The same storage keys as the browser transport's (src/api/browser.rs), and never
        // inside the Tauri app, whose session is in the OS keyring.
        for needed in [
            "location.pathname===\"/\"",
            "!window.isTauri",
            "sessionStorage.getItem(\"permit-session\")",
            "localStorage.getItem(\"permit-device-session\")",
            "classList.add(\"shell-start-page\")",
        ] {
            assert!(INDEX.contains(needed), "{needed}");
        }
        // Decided before the shell is parsed, so the first frame is the right one.
        let decided = INDEX.find("shell-start-page").expect("the script");
        assert!(decided < INDEX.find("id=\"shell-start\"").expect("the shell"));
        let transport = include_str!("api/browser.rs");
        assert!(transport.contains("const TOKEN_KEY: &str = \"permit-session\";"));
        assert!(transport.contains("const DEVICE_KEY: &str = \"permit-device-session\";"));
    }
}
