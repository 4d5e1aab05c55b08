//! The council's audit log (issue 17): every staff action, newest first, a page at a time,
//! narrowed by kind and a time range typed in the form, and by who acted or which resident it
//! was about (links in the list). Every filter and the page are in the URL, so a reload keeps
//! them. For officers and admins; nothing here changes the log.

use crate::api::{AuditFilter, Office, Paged, rfc3339};
use crate::app::use_session;
use crate::components::{
    ErrorSummary, LoadError, Loading, Pager, RangeFields, RangeInput, RequireRole, SubmitButton,
    href, page_param, text_param,
};
use crate::format::when;
use crate::forms::Errors;
use crate::records::{AUDIT_KINDS, action_label, actor_label};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use permit_api_types::{AuditEntry, path_segment};

#[component]
pub(crate) fn Audit() -> impl IntoView {
    view! {
        <RequireRole roles=&["officer", "admin"]>
            <AuditView/>
        </RequireRole>
    }
}

fn given(raw: String) -> Option<String> {
    Some(raw).filter(|v| !v.trim().is_empty())
}

/// The log's URL for `filter` at page `page`.
fn log_link(filter: &AuditFilter, page: u32) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    href(
        "/office/audit",
        &[
            ("kind", text(&filter.kind)),
            ("actor", text(&filter.actor)),
            ("resident", text(&filter.resident)),
            ("from", filter.from.map(rfc3339).unwrap_or_default()),
            ("to", filter.to.map(rfc3339).unwrap_or_default()),
            ("page", page.to_string()),
        ],
    )
}

#[component]
fn AuditView() -> impl IntoView {
    let (kind, actor, resident) = (
        text_param("kind"),
        text_param("actor"),
        text_param("resident"),
    );
    let range = RangeInput::from_url();
    let page = page_param("page");
    let filter = Memo::new(move |_| AuditFilter {
        actor: given(actor.get()),
        resident: given(resident.get()),
        kind: given(kind.get()),
        from: range.url.get().0,
        to: range.url.get().1,
    });
    let chosen_kind = RwSignal::new(String::new());
    // The form shows the URL's filters (on load, reload and the back button).
    Effect::new(move |_| chosen_kind.set(filter.get().kind.unwrap_or_default()));
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match range.parse() {
            Ok((from, to)) => {
                errors.set(Errors::new());
                let next = AuditFilter {
                    kind: given(chosen_kind.get_untracked()),
                    from,
                    to,
                    ..filter.get_untracked()
                };
                navigate(&log_link(&next, 1), NavigateOptions::default());
            }
            Err(found) => errors.set(found),
        }
    };
    let data = LocalResource::new(move || {
        let (filter, page) = (filter.get(), page.get());
        async move { Office.audit(&filter, page).await }
    });
    let options = AUDIT_KINDS
        .iter()
        .map(|(value, label)| {
            view! { <option value=*value selected=move || chosen_kind.get() == *value>{*label}</option> }
        })
        .collect_view();
    view! {
        <h1>"Audit log"</h1>
        <p class="hint">"Every action by your council's staff, newest first. Times are UTC."</p>
        <ErrorSummary errors=errors/>
        <form class="filter-form" on:submit=on_submit novalidate aria-label="Filter the audit log">
            <div class="field">
                <label for="kind">"Kind of action"</label>
                <select id="kind" name="kind" on:change=move |ev| chosen_kind.set(event_target_value(&ev))>
                    <option value="" selected=move || chosen_kind.get().is_empty()>"Any"</option>
                    {options}
                </select>
            </div>
            <RangeFields range=range errors=errors from_legend="From" to_legend="Before"/>
            <div class="button-group">
                <SubmitButton id="apply-filters" label="Apply filters" pending_label="Applying…" pending=pending/>
                <A href="/office/audit" attr:id="clear-filters">"Clear filters"</A>
            </div>
        </form>
        <ActiveFilters filter=filter/>
        {move || match data.get() {
            None => view! { <Loading what="Loading the audit log…"/> }.into_any(),
            Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
            Some(Ok(found)) => view! {
                <Entries found=found filter=filter.get_untracked() page=page.get_untracked()/>
            }.into_any(),
        }}
    }
}

/// Who acted and which resident, when the log is narrowed to them, each with a link that
/// drops that filter.
#[component]
fn ActiveFilters(filter: Memo<AuditFilter>) -> impl IntoView {
    move || {
        let current = filter.get();
        let actor = current.actor.clone().map(|actor| {
            let without = log_link(&AuditFilter { actor: None, ..current.clone() }, 1);
            view! { <li>{format!("Actions by {actor}")}" "<A href=without attr:id="drop-actor">"Show everyone’s"</A></li> }
        });
        let resident = current.resident.clone().map(|resident| {
            let without = log_link(&AuditFilter { resident: None, ..current.clone() }, 1);
            view! { <li>{format!("About resident {resident}")}" "<A href=without attr:id="drop-resident">"Show every resident’s"</A></li> }
        });
        (actor.is_some() || resident.is_some()).then(|| {
            view! {
                <ul class="active-filters" id="active-filters">{actor}{resident}</ul>
            }
        })
    }
}

#[component]
fn Entries(found: Paged<AuditEntry>, filter: AuditFilter, page: u32) -> impl IntoView {
    if found.items.is_empty() {
        return view! { <p id="no-entries">"No entry matches these filters."</p> }.into_any();
    }
    let officer = use_session().role().as_deref() == Some("officer");
    let rows = found
        .items
        .into_iter()
        .map(|e| {
            let who = actor_label(&e.actor, e.actor_name.as_deref());
            let by_actor = log_link(
                &AuditFilter {
                    actor: Some(e.actor.clone()),
                    ..filter.clone()
                },
                1,
            );
            let about = e.resident_id.clone().map(|resident| {
                let record = format!("/office/residents/{}", path_segment(&resident));
                let trail = log_link(
                    &AuditFilter {
                        resident: Some(resident.clone()),
                        ..filter.clone()
                    },
                    1,
                );
                view! {
                    {officer.then(|| view! { <A href=record>"Record"</A>" · " })}
                    <A href=trail>"Entries"<span class="visually-hidden">{format!(" about resident {resident}")}</span></A>
                }
            });
            view! {
                <tr>
                    <td data-label="When">{when(e.at)}</td>
                    <td data-label="Who"><A href=by_actor attr:class="actor-link">{who.clone()}<span class="visually-hidden">": show only their actions"</span></A></td>
                    <td data-label="Action">{action_label(&e.action)}</td>
                    <td data-label="Detail">{e.detail.unwrap_or_default()}</td>
                    <td data-label="Resident">{about}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="cards" id="audit-entries">
            <caption class="visually-hidden">"Audit log entries, newest first"</caption>
            <thead><tr>
                <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Action"</th>
                <th scope="col">"Detail"</th><th scope="col">"Resident"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager page=page has_next=found.has_next what="entries" link=move |n| log_link(&filter, n)/>
    }
    .into_any()
}
