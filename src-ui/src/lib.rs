//! The resident web UI (Leptos CSR): one page per menu flow, talking to the service through
//! one transport trait (the typed client in a browser, Tauri commands inside the app).
//!
//! The pure parts (councils, model, forms, format) build everywhere and are unit-tested on the
//! host; the views and transports exist only on wasm32.

pub mod convert;
pub mod councils;
pub mod format;
pub mod forms;
pub mod model;
pub mod order_follow;
#[cfg(test)]
mod test_support;

#[cfg(target_arch = "wasm32")]
mod api;
// `#[component]` turns each view function into a `pub` props struct whatever the function's
// own visibility, which `unreachable_pub` flags on every component.
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
