//! The enforcement-check log reader (issue 17): every check of one vehicle registration at the
//! officer's council over a time range, newest first, with what each answered, to settle a
//! disputed ticket. The registration, range and page are in the URL, so a reload keeps them.

use crate::api::{Office, Paged, rfc3339};
use crate::components::{
    ErrorSummary, LoadError, Loading, Pager, RangeFields, RangeInput, RequireRole, SubmitButton,
    TextField, href, page_param, text_param,
};
use crate::format::when;
use crate::forms::Errors;
use crate::records::{check_answer, parse_vrm};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use permit_api_types::EnforcementCheckEntry;

#[component]
pub(crate) fn Enforcement() -> impl IntoView {
    view! {
        <RequireRole roles=&["officer"]>
            <ChecksView/>
        </RequireRole>
    }
}

/// What the URL asks for: a VRM and an optional range.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Asked {
    vrm: String,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
}

fn checks_link(asked: &Asked, page: u32) -> String {
    href(
        "/office/enforcement",
        &[
            ("vrm", asked.vrm.clone()),
            ("from", asked.from.map(rfc3339).unwrap_or_default()),
            ("to", asked.to.map(rfc3339).unwrap_or_default()),
            ("page", page.to_string()),
        ],
    )
}

#[component]
fn ChecksView() -> impl IntoView {
    let vrm = text_param("vrm");
    let range = RangeInput::from_url();
    let page = page_param("page");
    let asked = Memo::new(move |_| Asked {
        vrm: vrm.get(),
        from: range.url.get().0,
        to: range.url.get().1,
    });
    let typed_vrm = RwSignal::new(String::new());
    Effect::new(move |_| typed_vrm.set(vrm.get()));
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let vrm = parse_vrm(&typed_vrm.get_untracked());
        let typed_range = range.parse();
        match (vrm, typed_range) {
            (Ok(vrm), Ok((from, to))) => {
                errors.set(Errors::new());
                navigate(
                    &checks_link(&Asked { vrm, from, to }, 1),
                    NavigateOptions::default(),
                );
            }
            (vrm, range) => {
                let mut found = Errors::new();
                for e in [vrm.err(), range.err()].into_iter().flatten() {
                    for error in e.all() {
                        found.add(
                            error.field.as_deref().unwrap_or("vrm"),
                            error.message.clone(),
                        );
                    }
                }
                errors.set(found);
            }
        }
    };
    let data = LocalResource::new(move || {
        let (asked, page) = (asked.get(), page.get());
        async move {
            if asked.vrm.is_empty() {
                None
            } else {
                Some(
                    Office
                        .enforcement_checks(&asked.vrm, asked.from, asked.to, page)
                        .await,
                )
            }
        }
    });
    view! {
        <h1>"Enforcement checks"</h1>
        <p class="hint">"Every check a civil enforcement officer’s device made of a vehicle at your council, with what it was told. Use it to settle a disputed ticket."</p>
        <ErrorSummary errors=errors/>
        <form class="filter-form" on:submit=on_submit novalidate aria-label="Find enforcement checks">
            <TextField id="vrm" label="Vehicle registration" value=typed_vrm errors=errors
                hint="As on the ticket, for example AB12 CDE." autocomplete="off"/>
            <RangeFields range=range errors=errors from_legend="Checks made from" to_legend="Checks made before"/>
            <SubmitButton id="find-checks" label="Find checks" pending_label="Finding…" pending=pending/>
        </form>
        {move || match data.get() {
            None => view! { <Loading what="Finding checks…"/> }.into_any(),
            Some(None) => ().into_any(),
            Some(Some(Err(error))) => view! { <LoadError error=error/> }.into_any(),
            Some(Some(Ok(found))) => view! {
                <Checks found=found asked=asked.get_untracked() page=page.get_untracked()/>
            }.into_any(),
        }}
    }
}

#[component]
fn Checks(found: Paged<EnforcementCheckEntry>, asked: Asked, page: u32) -> impl IntoView {
    if found.items.is_empty() {
        return view! {
            <p id="no-checks">{format!("No check of {} was made in that time.", asked.vrm)}</p>
        }
        .into_any();
    }
    let rows = found
        .items
        .into_iter()
        .map(|c| {
            let answer = check_answer(c.permitted, c.permit_kind.as_deref());
            let class = if c.permitted { "" } else { "overdue-text" };
            view! {
                <tr>
                    <td data-label="Checked at">{when(c.checked_at)}</td>
                    <td data-label="Asked about">{when(c.checked_for)}</td>
                    <td data-label="Vehicle">{c.vrm}</td>
                    <td data-label="Zone">{c.zone}</td>
                    <td data-label="Answer" class=class>{answer}</td>
                    <td data-label="Asked by">{c.key_label}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2 id="checks-heading">{format!("Checks of {}", asked.vrm)}</h2>
        <table class="cards" id="checks" aria-labelledby="checks-heading">
            <thead><tr>
                <th scope="col">"Checked at"</th><th scope="col">"Asked about"</th><th scope="col">"Vehicle"</th>
                <th scope="col">"Zone"</th><th scope="col">"Answer"</th><th scope="col">"Asked by"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager page=page has_next=found.has_next what="checks" link=move |n| checks_link(&asked, n)/>
    }
    .into_any()
}
