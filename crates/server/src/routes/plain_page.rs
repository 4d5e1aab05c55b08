//! The server's own HTML pages, outside the web UI: the sandbox's payment page and the app's
//! payment return page. Plain HTML in the GOV.UK Design System's look (its colours, type scale
//! and focus style), working without JavaScript, one inline style sheet each.

use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use sha2::Digest;

/// What every page's style sheet starts with.
const BASE_STYLE: &str = "
body { font-family: Arial, sans-serif; margin: 0; color: #0b0c0c; line-height: 1.4; }
main { max-width: 640px; margin: 0 auto; padding: 16px; }
h1 { font-size: 2rem; margin: 16px 0; }
a { color: #1d70b8; }
input:focus, a:focus, button:focus { outline: 3px solid #fd0; outline-offset: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
";

/// A whole page: `style` adds to the base style sheet, `header` and `main` are HTML already
/// escaped by the caller.
pub(super) fn document(title: &str, style: &str, header: &str, main: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{BASE_STYLE}{style}</style>
</head>
<body>
<header>{header}</header>
<main>
{main}
</main>
</body>
</html>"#
    )
}

/// Escapes text for HTML content and attribute values.
pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page, never cached, never framed, sending no referrer (its address may carry a token),
/// and allowed nothing but its own inline style sheet (by hash: no script runs at all).
pub(super) fn respond(status: axum::http::StatusCode, html: String) -> Response {
    let csp = content_security_policy(&html);
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// `default-src 'none'` but the page's style sheet, named by its hash.
fn content_security_policy(html: &str) -> String {
    let style = html
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map_or("", |(style, _)| style);
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'; base-uri 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_pages_own_style_sheet() {
        let html = document("T", "p { color: red; }", "", "<p>x</p>");
        let style = format!("{BASE_STYLE}p {{ color: red; }}");
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&style));
        let policy = content_security_policy(&html);
        assert!(
            policy.contains(&format!("style-src 'sha256-{hash}'")),
            "{policy}"
        );
        assert!(policy.starts_with("default-src 'none'"), "{policy}");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">&"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;"
        );
    }
}
