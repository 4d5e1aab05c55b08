//! Past stays (issue 18): stays that ended or were cancelled, latest first, a page at a time
//! as the service pages them, each with "Book again" (the vehicle, time of day and length
//! filled in on Activate, the date the resident's). The page number is in the URL
//! (`/stays/past?page=2`), so a reload or a shared link shows the same page.

use crate::components::{RequireLogin, load, loaded};
use crate::format::{book_again_href, stay_span};
use crate::model::Stay;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// Stays a page: a phone screen's worth or two.
const PER_PAGE: u32 = 20;

#[component]
pub(crate) fn PastStays() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.trim().parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    });
    // One more than a page: whether there is a next page, without a count from the service.
    let stays = load(move |api| {
        let offset = (page.get() - 1).saturating_mul(PER_PAGE);
        async move { api.past_stays(PER_PAGE + 1, offset).await }
    });
    view! {
        <h1>"Past stays"</h1>
        <p class="lede">"Stays that have ended or were cancelled, latest first. Book again to use the same vehicle, time and length on a day you choose."</p>
        <p><A href="/stays" attr:id="upcoming-stays-link">"Upcoming stays"</A></p>
        <RequireLogin>
            {loaded(stays, "Loading your past stays…", move |mut found| {
                let more = found.len() > PER_PAGE as usize;
                found.truncate(PER_PAGE as usize);
                view! { <PastList stays=found page=page.get_untracked() more=more/> }.into_any()
            })}
        </RequireLogin>
    }
}

#[component]
fn PastList(stays: Vec<Stay>, page: u32, more: bool) -> impl IntoView {
    if stays.is_empty() {
        return if page == 1 {
            view! { <p id="no-past-stays">"No past stays yet. "<A href="/activate">"Activate a visitor permit"</A></p> }
                .into_any()
        } else {
            view! { <p id="no-past-stays">"There are no stays on this page. "<A href="/stays/past">"Go to the latest past stays"</A></p> }
                .into_any()
        };
    }
    view! {
        <ul class="stays" id="past-stay-list">
            {stays.into_iter().map(|stay| view! { <PastItem stay=stay/> }).collect_view()}
        </ul>
        {(page > 1 || more).then(|| view! {
            <nav class="pager" aria-label="Pages of past stays">
                {(page > 1).then(|| view! {
                    <A href=format!("/stays/past?page={}", page - 1) attr:id="past-previous" attr:rel="prev">"Previous page"</A>
                })}
                <span class="pager-at">{format!("Page {page}")}</span>
                {more.then(|| view! {
                    <A href=format!("/stays/past?page={}", page + 1) attr:id="past-next" attr:rel="next">"Next page"</A>
                })}
            </nav>
        })}
    }
    .into_any()
}

#[component]
fn PastItem(stay: Stay) -> impl IntoView {
    let span = stay_span(stay.start, stay.end);
    // Said after the visible "Book again", which starts the link's name (WCAG 2.5.3), so each
    // link names its stay: a list of past stays often holds one car many times.
    let which = format!(" for {}, {}", stay.vrm.shown(), span.to_lowercase());
    view! {
        <li class="stay past-stay">
            <p><strong>{stay.vrm.shown()}</strong>" "{span}</p>
            {stay.cancelled.then(|| view! { <p><strong class="tag">"Cancelled"</strong></p> })}
            <p class="stay-actions">
                <a href=book_again_href(&stay) class="book-again">"Book again"<span class="visually-hidden">{which}</span></a>
            </p>
        </li>
    }
}
