//! A table of records: one card per row below tablet width (the `cards` style), its caption
//! for screen readers, its column heads, and the rows the page makes.

use leptos::prelude::*;

#[component]
pub(crate) fn Table(
    id: &'static str,
    caption: &'static str,
    heads: &'static [&'static str],
    children: Children,
) -> impl IntoView {
    view! {
        <table class="cards" id=id>
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr>
                {heads.iter().map(|head| view! { <th scope="col">{*head}</th> }).collect_view()}
            </tr></thead>
            <tbody>{children()}</tbody>
        </table>
    }
}
