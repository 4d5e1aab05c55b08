//! Everything outside `/api/` belongs to the web UI, a single-page app: its page paths answer
//! with `index.html` (so reloading `/stays` shows the page, not JSON), its files are served as
//! they are, and any other path is a 404. An unknown path under `/api/` is our JSON 404,
//! never the app's HTML.

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::routing::any;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// The web UI's pages, as routed in `src-ui/src/app.rs` (a test keeps the two lists equal).
pub(crate) const PAGES: &[&str] = &[
    "/",
    "/register",
    "/login",
    "/buy",
    "/activate",
    "/stays",
    "/permits",
    "/payments",
    "/account",
];

pub(crate) fn router(web_dir: Option<&Path>) -> Router<AppState> {
    let mut router = Router::new()
        .route("/api", any(no_such_endpoint))
        .route("/api/{*rest}", any(no_such_endpoint));
    if let Some(dir) = web_dir {
        // scripts/build-web.sh writes .br and .gz copies beside each file: sent to browsers that
        // accept them, which matters most for the wasm on a slow connection.
        let index = ServeFile::new(dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        for page in PAGES {
            router = router.route_service(page, index.clone());
        }
        // The app's own not-found page, with the status a crawler or a script can trust.
        let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
        router = router.fallback_service(files.not_found_service(index));
    }
    router
}

async fn no_such_endpoint() -> ApiError {
    ApiError::NoSuchEndpoint
}

#[cfg(test)]
mod tests {
    use super::PAGES;

    #[test]
    fn the_pages_are_the_ones_the_web_ui_routes() {
        let app = concat!(env!("CARGO_MANIFEST_DIR"), "/../../src-ui/src/app.rs");
        let source = std::fs::read_to_string(app).expect("src-ui/src/app.rs");
        let mut routed: Vec<&str> = source
            .split("path!(\"")
            .skip(1)
            .filter_map(|rest| rest.split_once('"').map(|(path, _)| path))
            .collect();
        routed.sort_unstable();
        let mut served = PAGES.to_vec();
        served.sort_unstable();
        assert_eq!(served, routed);
    }
}
