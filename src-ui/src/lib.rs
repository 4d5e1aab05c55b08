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
pub mod start_page;
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

/// Mounts the app on the page's body in place of index.html's shell, once the browser has
/// shown the shell (below). Removing the shell and mounting happen in one task, so the browser
/// never paints the page without either (the app draws the same header in the same place, and
/// the same start page: nothing moves).
#[cfg(target_arch = "wasm32")]
pub fn start() {
    console_error_panic_hook::set_once();
    mount_once_shell_shown(0);
}

/// On a phone the shell has been on screen for seconds before the wasm arrives. On a fast
/// connection the wasm can arrive before the browser has finished showing the shell's first
/// frame: then the app waits for it (the `first-contentful-paint` entry, a frame or two, at
/// most half a second), so the app takes over from what is on screen, as it does on a phone.
/// That is also what Lighthouse observes (unthrottled) before it simulates a slow phone from
/// that observation; without the wait it would see the app's first page where a phone shows
/// the shell's. It also splits the wasm's start from the first render (two shorter tasks).
#[cfg(target_arch = "wasm32")]
fn mount_once_shell_shown(waited_ms: u64) {
    const STEP_MS: u64 = 10;
    const AT_MOST_MS: u64 = 500;
    if waited_ms >= AT_MOST_MS || shell_shown() {
        if let Some(shell) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("app-shell"))
        {
            shell.remove();
        }
        leptos::mount::mount_to_body(app::App);
        return;
    }
    let again = move || mount_once_shell_shown(waited_ms + STEP_MS);
    leptos::prelude::set_timeout(again, std::time::Duration::from_millis(STEP_MS));
}

/// Whether the browser has shown the page's first contentful frame; true where it cannot say
/// (no paint timing: nothing to wait for).
#[cfg(target_arch = "wasm32")]
fn shell_shown() -> bool {
    use wasm_bindgen::JsValue;
    let global = js_sys::global();
    let observer = js_sys::Reflect::get(&global, &JsValue::from_str("PerformanceObserver"));
    let types = observer
        .and_then(|o| js_sys::Reflect::get(&o, &JsValue::from_str("supportedEntryTypes")))
        .ok()
        .map(|t| js_sys::Array::from(&t));
    let paint_timing = types.is_some_and(|t| t.includes(&JsValue::from_str("paint"), 0));
    !paint_timing
        || web_sys::window()
            .and_then(|w| w.performance())
            .is_some_and(|p| p.get_entries_by_name("first-contentful-paint").length() > 0)
}
