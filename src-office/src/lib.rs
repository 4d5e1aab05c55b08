//! The council's back office (issue 17): one Leptos CSR app for officers (the review queue),
//! phone agents (the caller's console) and admins (staff), each scoped to one council.
//!
//! Layout, for whoever adds a page:
//! - `api/`: the one client every page talks to (`Office`, over the browser's fetch, the token
//!   in this tab's sessionStorage); one file per area (`staff.rs` login and who is logged in,
//!   `review.rs` the queue and decisions). A new area is a new file with its own `impl Office`.
//! - `app.rs`: the routes (one line per page, paths under `/office`) and the session context.
//! - `components/`: the layout (header, role navigation, the login gate) and form pieces.
//! - `pages/`: one file per page.
//! - `format.rs` and `forms.rs`: plain Rust, unit-tested on the host.

pub mod format;
pub mod forms;
pub mod records;

#[cfg(target_arch = "wasm32")]
mod api;
// `#[component]` makes each view function's props struct `pub`, which `unreachable_pub` flags.
#[cfg(target_arch = "wasm32")]
#[allow(unreachable_pub)]
mod app;
#[cfg(target_arch = "wasm32")]
#[allow(unreachable_pub)]
mod components;
#[cfg(target_arch = "wasm32")]
#[allow(unreachable_pub)]
mod pages;

/// Mounts the app on the page's body, in place of index.html's loading message.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    console_error_panic_hook::set_once();
    if let Some(loading) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app-loading"))
    {
        loading.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
