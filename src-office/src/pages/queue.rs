//! The officer's review queue: filtered by kind, each item's age and due time against the
//! council's review target (REG-3), overdue items highlighted and first, a page at a time.
//! The filter and page are in the URL (`?kind=evidence&page=2`), so a reload keeps them.

use crate::api::{Office, QueuePage};
use crate::app::use_session;
use crate::components::{LoadError, Loading, RequireRole};
use crate::format::{age, due, kind_label, page_of, when};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use permit_api_types::{QueueKind, path_segment};

/// Items on one page of the queue (the API allows up to 100).
const PAGE_SIZE: u32 = 20;

fn kind_from(raw: Option<String>) -> Option<QueueKind> {
    let raw = raw?;
    QueueKind::ALL.into_iter().find(|k| k.as_str() == raw)
}

fn filter_label(kind: QueueKind) -> &'static str {
    match kind {
        QueueKind::Registration => "Registrations",
        QueueKind::Purchase => "Purchases",
        QueueKind::VehicleChange => "Vehicle changes",
        QueueKind::ChangeOfAddress => "Changes of address",
        QueueKind::Evidence => "Evidence",
    }
}

fn link(kind: Option<QueueKind>, page: u32) -> String {
    let mut parts = Vec::new();
    if let Some(kind) = kind {
        parts.push(format!("kind={}", kind.as_str()));
    }
    if page > 1 {
        parts.push(format!("page={page}"));
    }
    if parts.is_empty() {
        "/office/queue".to_owned()
    } else {
        format!("/office/queue?{}", parts.join("&"))
    }
}

#[component]
pub(crate) fn Queue() -> impl IntoView {
    view! {
        <RequireRole roles=&["officer"]>
            <QueueView/>
        </RequireRole>
    }
}

#[component]
fn QueueView() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let kind = Memo::new(move |_| kind_from(query.with(|q| q.get("kind"))));
    let page = super::use_page();
    let data = LocalResource::new(move || {
        let (kind, page) = (kind.get(), page.get());
        async move { Office.queue(kind, (page - 1) * PAGE_SIZE, PAGE_SIZE).await }
    });
    let target = move || session.me.get().map(|me| me.review_target_hours);

    view! {
        <h1>"Review queue"</h1>
        <p class="hint">{move || target().map(|hours| format!(
            "Your council aims to decide within {hours} hours. Overdue items come first."))}</p>
        <nav aria-label="Filter by kind" class="filters">
            <ul>
                <li><A href="/office/queue" attr:aria-current=move || kind.get().is_none().then_some("true")>"All"</A></li>
                {QueueKind::ALL.into_iter().map(|k| view! {
                    <li><A href=link(Some(k), 1) attr:id=format!("filter-{}", k.as_str())
                        attr:aria-current=move || (kind.get() == Some(k)).then_some("true")>{filter_label(k)}</A></li>
                }).collect_view()}
            </ul>
        </nav>
        {move || match data.get() {
            None => view! { <Loading what="Loading the queue…"/> }.into_any(),
            Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
            Some(Ok(found)) => view! { <QueueTable found=found kind=kind.get() page=page.get()/> }.into_any(),
        }}
    }
}

#[component]
fn QueueTable(found: QueuePage, kind: Option<QueueKind>, page: u32) -> impl IntoView {
    let now = use_session().now();
    if found.items.is_empty() {
        return view! { <p id="queue-empty">"Nothing is waiting for review."</p> }.into_any();
    }
    let offset = (page - 1) * PAGE_SIZE;
    let has_next = offset + (found.items.len() as u32) < found.total;
    let rows = found
        .items
        .into_iter()
        .map(|item| {
            let href = format!("/office/queue/{}", path_segment(&item.id));
            let class = if item.overdue { "overdue" } else { "" };
            let label = kind_label(&item.kind, item.evidence);
            view! {
                <tr class=class data-id=item.id.clone()>
                    <td data-label="Kind">{label}</td>
                    <td data-label="Resident">{item.resident_name.clone()}</td>
                    <td data-label="Detail">{item.detail.clone()}</td>
                    <td data-label="Submitted">{when(item.submitted_at)}<br/><span class="hint">{format!("Waiting {}", age(item.submitted_at, now))}</span></td>
                    <td data-label="Target">
                        {item.overdue.then(|| view! { <strong class="tag tag-overdue">"Overdue"</strong><br/> })}
                        {due(item.due_at, now)}
                    </td>
                    <td data-label="Action"><A href=href attr:class="review-link">
                        "Review"<span class="visually-hidden">{format!(" {} for {}", label.to_lowercase(), item.resident_name)}</span>
                    </A></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p id="queue-count">{format!("{} waiting. {}", found.total, page_of(offset, PAGE_SIZE, found.total))}</p>
        <table class="cards queue">
            <caption class="visually-hidden">"Applications waiting for review"</caption>
            <thead><tr>
                <th scope="col">"Kind"</th><th scope="col">"Resident"</th><th scope="col">"Detail"</th>
                <th scope="col">"Submitted"</th><th scope="col">"Target"</th><th scope="col">"Action"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <nav aria-label="Pages" class="pagination">
            {(page > 1).then(|| view! { <A href=link(kind, page - 1) attr:id="previous-page">"Previous page"</A> })}
            {has_next.then(|| view! { <A href=link(kind, page + 1) attr:id="next-page">"Next page"</A> })}
        </nav>
    }
    .into_any()
}
