//! Resident lookup (issue 17): an officer finds a resident of their own council by name, email,
//! postcode or vehicle registration, a page of matches at a time. The search and page are in
//! the URL (`?q=AB12CDE&page=2`), so a reload or the back button keeps them.

use crate::api::{Office, Paged};
use crate::components::{
    ErrorSummary, LoadError, Loading, Pager, RequireRole, SubmitButton, TextField, href,
    page_param, text_param,
};
use crate::forms::Errors;
use crate::records::parse_search;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use permit_api_types::{ResidentMatch, path_segment};

#[component]
pub(crate) fn Residents() -> impl IntoView {
    view! {
        <RequireRole roles=&["officer"]>
            <SearchView/>
        </RequireRole>
    }
}

fn search_link(q: &str, page: u32) -> String {
    href(
        "/office/residents",
        &[("q", q.to_owned()), ("page", page.to_string())],
    )
}

#[component]
fn SearchView() -> impl IntoView {
    let searched = text_param("q");
    let page = page_param("page");
    let typed = RwSignal::new(searched.get_untracked());
    // The back button changes the URL: the field follows it.
    Effect::new(move |_| typed.set(searched.get()));
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_search(&typed.get_untracked()) {
            Ok(q) => {
                errors.set(Errors::new());
                navigate(&search_link(&q, 1), NavigateOptions::default());
            }
            Err(found) => errors.set(found),
        }
    };
    let data = LocalResource::new(move || {
        let (q, page) = (searched.get(), page.get());
        async move {
            if q.trim().is_empty() {
                None
            } else {
                Some(Office.find_residents(&q, page).await)
            }
        }
    });
    view! {
        <h1>"Find a resident"</h1>
        <ErrorSummary errors=errors/>
        <form class="search-form" on:submit=on_submit novalidate role="search">
            <TextField id="q" label="Name, email address, postcode or vehicle registration" value=typed errors=errors
                hint="Part of a name or email address is enough. Only your council's residents are found."/>
            <SubmitButton id="search" label="Search" pending_label="Searching…" pending=pending/>
        </form>
        {move || match data.get() {
            None => view! { <Loading what="Searching…"/> }.into_any(),
            Some(None) => ().into_any(),
            Some(Some(Err(error))) => view! { <LoadError error=error/> }.into_any(),
            Some(Some(Ok(found))) => view! {
                <Matches found=found q=searched.get_untracked() page=page.get_untracked()/>
            }.into_any(),
        }}
    }
}

#[component]
fn Matches(found: Paged<ResidentMatch>, q: String, page: u32) -> impl IntoView {
    if found.items.is_empty() && page == 1 {
        return view! {
            <p id="no-matches">{format!("No resident of your council matches “{q}”.")}</p>
        }
        .into_any();
    }
    let rows = found
        .items
        .into_iter()
        .map(|resident| {
            let link = format!("/office/residents/{}", path_segment(&resident.id));
            view! {
                <tr>
                    <td data-label="Name"><A href=link attr:class="resident-link">{resident.full_name}</A></td>
                    <td data-label="Email">{resident.email.unwrap_or_default()}</td>
                    <td data-label="Mobile">{resident.mobile.unwrap_or_default()}</td>
                    <td data-label="Address">{resident.address.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2 id="matches-heading">{format!("Residents matching “{q}”")}</h2>
        <table class="cards" id="matches" aria-labelledby="matches-heading">
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"Email"</th>
                <th scope="col">"Mobile"</th><th scope="col">"Address"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager page=page has_next=found.has_next what="matches" link=move |n| search_link(&q, n)/>
    }
    .into_any()
}
