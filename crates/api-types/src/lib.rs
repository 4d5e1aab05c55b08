//! Request and response bodies of the permit service's HTTP API.
//!
//! Plain data only (strings, integers, instants): the server parses them into the rules crate's
//! newtypes at its edge, and the same types compile for the wasm32 UI through `permit-client`.

mod account;
pub mod app;
mod back_office;
mod channels;
mod commerce;
mod error;
mod office;
mod ops;
pub mod rfc3339;
mod stays;
mod vehicles;

pub use account::*;
pub use back_office::*;
pub use channels::*;
pub use commerce::*;
pub use error::*;
pub use office::*;
pub use ops::*;
pub use stays::*;
pub use vehicles::*;

/// The header carrying a client's idempotency key on purchases.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The resident web UI's pages, as routed in `src-ui/src/app.rs`: the server answers each with
/// the app (a server test keeps this list equal to the router's), and the UI gives each a title.
pub const WEB_PAGES: &[&str] = &[
    "/",
    "/register",
    "/login",
    "/buy",
    "/activate",
    "/stays",
    "/stays/past",
    "/permits",
    "/permits/renew",
    "/payments",
    "/account",
    "/account/mobile",
    "/account/mobile/code",
    "/account/email",
    "/account/email/code",
    "/account/vehicles",
    "/account/vehicles/rename",
    "/account/vehicles/delete",
    "/account/expiry-warnings",
];
/// How many items a paged list holds in all (`GET /officer/queue`), beside the page itself.
pub const TOTAL_COUNT_HEADER: &str = "x-total-count";

/// The header carrying the request id on every response.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The header carrying the test-mode operator token (printed by the server at start).
pub const OPERATOR_TOKEN_HEADER: &str = "x-operator-token";
/// Where every API route lives: everything outside it belongs to the web UI, so the UI's own
/// page paths (`/stays`, `/permits`, ...) can be reloaded in a browser.
pub const API_PREFIX: &str = "/api/v1";

/// Characters an id may not carry into a URL path as they are: anything but unreserved
/// characters (RFC 3986), so `/`, `?`, `#`, `%` and `..` cannot reach another route.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'~');

/// One path segment of an API URL, percent-encoded: every client puts ids into paths through
/// this, so an id that came from anywhere cannot change which endpoint is called.
pub fn path_segment(id: &str) -> String {
    // URL parsers take "." and ".." (also as "%2E") as path steps, not names: "/stays/./cancel"
    // would become "/stays/cancel". No real id is made of dots, so those two are sent as the
    // literal text "%2E" / "%2E%2E", which stays in its segment and matches nothing.
    match id {
        "." => "%252E".to_owned(),
        ".." => "%252E%252E".to_owned(),
        _ => percent_encoding::utf8_percent_encode(id, SEGMENT).to_string(),
    }
}

#[cfg(test)]
mod path_segment_tests {
    use super::path_segment;

    #[test]
    fn an_id_cannot_step_out_of_its_segment() {
        assert_eq!(path_segment("3f2a-9b_c~"), "3f2a-9b_c~");
        assert_eq!(path_segment("../payments"), "%2E%2E%2Fpayments");
        assert_eq!(path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(path_segment(".."), "%252E%252E");
        assert_eq!(path_segment("."), "%252E");
        assert_eq!(path_segment("é"), "%C3%A9");
    }
}
