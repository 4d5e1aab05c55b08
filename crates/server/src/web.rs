//! Everything outside `/api/` belongs to the web UI, a single-page app: its page paths answer
//! with `index.html` (so reloading `/stays` shows the page, not JSON), its files are served as
//! they are, and any other path is a 404. An unknown path under `/api/` is our JSON 404,
//! never the app's HTML.

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::any;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
// The web UI's pages, answered with the app: one list, shared with the UI.
use permit_api_types::WEB_PAGES as PAGES;
use sha2::Digest;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

pub(crate) fn router(web_dir: Option<&Path>, office_dir: Option<&Path>) -> Router<AppState> {
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
        let csp = content_security_policy(&dir.join("index.html"), RESIDENT_MEDIA);
        router = router
            .fallback_service(files.not_found_service(index))
            .layer(middleware::from_fn(cache_control))
            .layer(middleware::from_fn_with_state(csp, security_headers));
    }
    if let Some(dir) = office_dir {
        router = router.merge(office(dir));
    }
    router
}

/// The council's back office (src-office) at `/office/`: its files, and `index.html` for every
/// other path under it, so each of its pages reloads at its own URL (the app's router says
/// what is a page; its own not-found page covers the rest). Its policy adds `blob:` frames
/// and images: the proof viewer shows a document fetched with the officer's token in a
/// sandboxed frame.
fn office(dir: &Path) -> Router<AppState> {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    let csp = content_security_policy(&dir.join("index.html"), OFFICE_MEDIA);
    Router::new()
        .nest_service(OFFICE_PREFIX, files)
        .layer(middleware::from_fn(cache_control))
        .layer(middleware::from_fn_with_state(csp, security_headers))
}

/// Where the back office lives (src-office's trunk `public_url` and router base).
const OFFICE_PREFIX: &str = "/office";

const RESIDENT_MEDIA: &str = "img-src 'self' data:";
const OFFICE_MEDIA: &str = "img-src 'self' data: blob:; frame-src blob:";

/// The same policy as the Tauri app's (tauri.conf.json), for the browser: only our own scripts,
/// styles and API, no framing. trunk's loader is an inline module script in index.html, allowed
/// by its hash (read once at start; a new build is deployed with a restart).
fn content_security_policy(index: &Path, media: &str) -> HeaderValue {
    let html = std::fs::read_to_string(index).unwrap_or_default();
    let hashes: String = inline_scripts(&html)
        .map(|script| {
            let digest = sha2::Sha256::digest(script.as_bytes());
            format!(" 'sha256-{}'", STANDARD.encode(digest))
        })
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         {media}; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// The text of each `<script>` element that has no `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, body) = rest.split_once('>')?;
        let (script, _) = body.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(script)
    })
}

async fn security_headers(
    axum::extract::State(csp): axum::extract::State<HeaderValue>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// Files whose name carries trunk's content hash never change under that name: a browser keeps
/// them for a year without asking again. Everything else, index.html and the service worker
/// above all, is checked on each load (`no-cache` still lets the browser revalidate rather than
/// download), so a new build reaches residents on their next visit, never half old and half new.
async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let immutable = is_hashed_asset(path);
    let service_worker = path == SERVICE_WORKER;
    let mut response = next.run(request).await;
    let value = if immutable && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    if service_worker {
        // The residents' worker (src-ui/sw.js) controls the whole site but not `/api/`, which
        // it leaves alone; said explicitly, so moving the file cannot narrow it unnoticed.
        headers.insert(SERVICE_WORKER_ALLOWED, HeaderValue::from_static("/"));
    }
    response
}

/// The residents' service worker, written by scripts/service-worker.sh into the web build.
const SERVICE_WORKER: &str = "/sw.js";
const SERVICE_WORKER_ALLOWED: header::HeaderName =
    header::HeaderName::from_static("service-worker-allowed");

/// trunk names its outputs `name-<hash>.ext` (`permit-ui-700a66c72b944ed9_bg.wasm`,
/// `style-997c007ace6fcb0.css`): a run of at least 12 hex digits after the last `-`.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let Some((_, tail)) = file.rsplit_once('-') else {
        return false;
    };
    let hash_len = tail.chars().take_while(char::is_ascii_hexdigit).count();
    hash_len >= 12 && tail[hash_len..].starts_with(['.', '_'])
}

async fn no_such_endpoint() -> ApiError {
    ApiError::NoSuchEndpoint
}

#[cfg(test)]
mod tests {
    use super::{PAGES, is_hashed_asset};

    #[test]
    fn only_trunks_hashed_outputs_are_cached_for_good() {
        for hashed in [
            "/permit-ui-700a66c72b944ed9_bg.wasm",
            "/permit-ui-700a66c72b944ed9.js",
            "/style-997c007ace6fcb0.css",
            "/permit-ui-700a66c72b944ed9_bg.wasm.br",
        ] {
            assert!(is_hashed_asset(hashed), "{hashed}");
        }
        for changing in [
            "/",
            "/index.html",
            "/stays",
            "/app.js",
            "/icon-192.png",
            "/a-b.css",
        ] {
            assert!(!is_hashed_asset(changing), "{changing}");
        }
    }

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
