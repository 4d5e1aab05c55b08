//! A path under /office that is no page.

use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(crate) fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>"If you typed the web address, check it is correct."</p>
        <p><A href="/office">"Back to the back office home"</A></p>
    }
}
