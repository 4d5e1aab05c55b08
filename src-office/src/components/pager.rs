//! Paging through a list whose page is in the URL (`?page=2`), and the links that keep the
//! rest of the URL's filters.

use crate::api::query;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// `path?name=value&...`, leaving out blank values and page 1.
pub(crate) fn href(path: &str, pairs: &[(&str, String)]) -> String {
    let kept: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(name, value)| !(value.is_empty() || name.ends_with("page") && value == "1"))
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    if kept.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query(&kept))
    }
}

/// The URL's `name` parameter as a page number (from 1); anything else is page 1.
pub(crate) fn page_param(name: &'static str) -> Memo<u32> {
    let query = use_query_map();
    Memo::new(move |_| {
        query
            .with(|q| q.get(name))
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    })
}

/// The URL's `name` parameter, blank when absent.
pub(crate) fn text_param(name: &'static str) -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name)).unwrap_or_default())
}

/// "Previous page" and "Next page" links; `link(n)` is page n's URL. `what` names the list
/// for screen readers where a page has several.
#[component]
pub(crate) fn Pager(
    page: u32,
    has_next: bool,
    what: &'static str,
    link: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    let id = what.to_lowercase().replace(' ', "-");
    view! {
        <nav aria-label=format!("Pages of {what}") class="pagination">
            {(page > 1).then(|| view! {
                <A href=link(page - 1) attr:id=format!("{id}-previous")>"Previous page"<span class="visually-hidden">{format!(" of {what}")}</span></A>
            })}
            <span class="hint">{format!("Page {page}")}</span>
            {has_next.then(|| view! {
                <A href=link(page + 1) attr:id=format!("{id}-next")>"Next page"<span class="visually-hidden">{format!(" of {what}")}</span></A>
            })}
        </nav>
    }
}
