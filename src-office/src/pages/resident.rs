//! A resident's record (issue 17), within the officer's council: their registration (REG-3),
//! vehicle permits, visitor stays, payments with what was refunded of each (VP-6, RP-5,
//! AVP-4), and their audit trail. Stays, payments and the trail come a page at a time, each
//! page in the URL (`?stays=2&payments=1&audit=3`). Another council's resident is "not found",
//! by URL too.

use crate::api::{AuditFilter, Office};
use crate::components::{LoadError, Loading, Pager, RequireRole, href, page_param};
use crate::format::when;
use crate::records::{action_label, actor_label, pounds, words};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use permit_api_types::{Permit, Registration, ResidentRecord, path_segment};

#[component]
pub(crate) fn Resident() -> impl IntoView {
    view! {
        <RequireRole roles=&["officer"]>
            <RecordLoader/>
        </RequireRole>
    }
}

/// Which page of each list the URL shows.
#[derive(Debug, Clone, Copy)]
struct Pages {
    stays: Memo<u32>,
    payments: Memo<u32>,
    audit: Memo<u32>,
}

impl Pages {
    /// This record's URL with one list moved to page `n`.
    fn link(&self, id: &str, list: &str, n: u32) -> String {
        let page = |name: &str, current: Memo<u32>| {
            if name == list {
                n
            } else {
                current.get_untracked()
            }
            .to_string()
        };
        href(
            &format!("/office/residents/{}", path_segment(id)),
            &[
                ("stays", page("stays", self.stays)),
                ("payments", page("payments", self.payments)),
                ("audit", page("audit", self.audit)),
            ],
        )
    }
}

#[component]
fn RecordLoader() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let record = LocalResource::new({
        let id = id.clone();
        move || {
            let id = id.clone();
            async move { Office.resident(&id).await }
        }
    });
    move || match record.get() {
        None => view! { <Loading what="Loading the resident…"/> }.into_any(),
        Some(Err(error)) if error.status == 404 => view! {
            <h1>"Resident not found"</h1>
            <p>"There is no such resident at your council."</p>
            <p><A href="/office/residents">"Find a resident"</A></p>
        }
        .into_any(),
        Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
        Some(Ok(found)) => view! { <RecordView record=found/> }.into_any(),
    }
}

#[component]
fn RecordView(record: ResidentRecord) -> impl IntoView {
    let pages = Pages {
        stays: page_param("stays"),
        payments: page_param("payments"),
        audit: page_param("audit"),
    };
    let id = record.id.clone();
    view! {
        <span class="caption">"Resident"</span>
        <h1>{record.full_name.clone()}</h1>
        <dl class="details" id="contact">
            <dt>"Email"</dt><dd>{record.email.clone().unwrap_or_else(|| "None given".into())}</dd>
            <dt>"Mobile"</dt><dd>{record.mobile.clone().unwrap_or_else(|| "None given".into())}</dd>
        </dl>
        <section aria-labelledby="registration-heading">
            <h2 id="registration-heading">"Registration"</h2>
            <RegistrationView registration=record.registration.clone()/>
        </section>
        <section aria-labelledby="permits-heading">
            <h2 id="permits-heading">"Vehicle permits"</h2>
            <PermitsTable permits=record.permits.clone()/>
        </section>
        <StaysSection id=id.clone() pages=pages/>
        <PaymentsSection id=id.clone() pages=pages/>
        <TrailSection id=id pages=pages/>
    }
}

#[component]
fn RegistrationView(registration: Option<Registration>) -> impl IntoView {
    let Some(reg) = registration else {
        return view! { <p id="no-registration">"Not registered at an address."</p> }.into_any();
    };
    let address = format!(
        "{}, {}",
        reg.property.address.join(", "),
        reg.property.postcode
    );
    view! {
        <dl class="details" id="registration">
            <dt>"Address"</dt><dd>{address}</dd>
            <dt>"Zone"</dt><dd>{reg.property.zone.clone()}</dd>
            <dt>"Status"</dt><dd>{words(&reg.status)}<br/><span class="hint">{reg.explanation.clone()}</span></dd>
            <dt>"Submitted"</dt><dd>{when(reg.submitted_at)}</dd>
            <dt>"Valid until"</dt><dd>{reg.valid_until.map_or_else(|| "Not set".to_owned(), when)}</dd>
        </dl>
    }
    .into_any()
}

#[component]
fn PermitsTable(permits: Vec<Permit>) -> impl IntoView {
    if permits.is_empty() {
        return view! { <p id="no-permits">"No vehicle permits."</p> }.into_any();
    }
    let rows = permits
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <td data-label="Permit">{p.name}</td>
                    <td data-label="Vehicle">{p.vrm}</td>
                    <td data-label="State">{words(&p.state)}</td>
                    <td data-label="Runs">{format!("{} to {}", when(p.starts_at), when(p.expires_at))}</td>
                    <td data-label="Auto-renew">{if p.auto_renew { "On" } else { "Off" }}</td>
                    <td data-label="Price">{pounds(p.price_pence)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="cards" id="permits" aria-labelledby="permits-heading">
            <thead><tr>
                <th scope="col">"Permit"</th><th scope="col">"Vehicle"</th><th scope="col">"State"</th>
                <th scope="col">"Runs"</th><th scope="col">"Auto-renew"</th><th scope="col">"Price"</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn StaysSection(id: String, pages: Pages) -> impl IntoView {
    let data = LocalResource::new({
        let id = id.clone();
        move || {
            let (id, page) = (id.clone(), pages.stays.get());
            async move { Office.resident_stays(&id, page).await }
        }
    });
    let body = move || {
        let id = id.clone();
        match data.get() {
            None => view! { <Loading what="Loading stays…"/> }.into_any(),
            Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
            Some(Ok(found)) if found.items.is_empty() => {
                view! { <p id="no-stays">"No visitor stays."</p> }.into_any()
            }
            Some(Ok(found)) => {
                let page = pages.stays.get_untracked();
                let rows = found
                    .items
                    .into_iter()
                    .map(|s| {
                        let status = if s.awaiting_confirmation {
                            "Waiting for confirmation".to_owned()
                        } else {
                            words(&s.status)
                        };
                        view! {
                            <tr>
                                <td data-label="Vehicle">{s.vrm}{s.non_uk_plate.then_some(" (not UK)")}</td>
                                <td data-label="Permit">{s.permit_type}</td>
                                <td data-label="Starts">{when(s.starts_at)}</td>
                                <td data-label="Ends">{when(s.ends_at)}</td>
                                <td data-label="Status">{status}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="cards" id="stays" aria-labelledby="stays-heading">
                        <thead><tr>
                            <th scope="col">"Vehicle"</th><th scope="col">"Permit"</th><th scope="col">"Starts"</th>
                            <th scope="col">"Ends"</th><th scope="col">"Status"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <Pager page=page has_next=found.has_next what="stays"
                        link=move |n| pages.link(&id, "stays", n)/>
                }
                .into_any()
            }
        }
    };
    view! {
        <section aria-labelledby="stays-heading">
            <h2 id="stays-heading">"Visitor stays"</h2>
            {body}
        </section>
    }
}

#[component]
fn PaymentsSection(id: String, pages: Pages) -> impl IntoView {
    let data = LocalResource::new({
        let id = id.clone();
        move || {
            let (id, page) = (id.clone(), pages.payments.get());
            async move { Office.resident_payments(&id, page).await }
        }
    });
    let body = move || {
        let id = id.clone();
        match data.get() {
            None => view! { <Loading what="Loading payments…"/> }.into_any(),
            Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
            Some(Ok(found)) if found.items.is_empty() => {
                view! { <p id="no-payments">"No payments."</p> }.into_any()
            }
            Some(Ok(found)) => {
                let page = pages.payments.get_untracked();
                let rows = found
                    .items
                    .into_iter()
                    .map(|p| {
                        let refunded = if p.refunded_pence > 0 {
                            let state = p.refund_status.as_deref().map(words);
                            format!(
                                "{}{}",
                                pounds(p.refunded_pence),
                                state.map(|s| format!(" ({s})")).unwrap_or_default()
                            )
                        } else {
                            "None".to_owned()
                        };
                        view! {
                            <tr>
                                <td data-label="Paid">{when(p.paid_at)}</td>
                                <td data-label="For">{format!("{} × {}", p.quantity, p.description)}</td>
                                <td data-label="Amount">{pounds(p.amount_pence)}</td>
                                <td data-label="Refunded">{refunded}</td>
                                <td data-label="Status">{words(&p.status)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="cards" id="payments" aria-labelledby="payments-heading">
                        <thead><tr>
                            <th scope="col">"Paid"</th><th scope="col">"For"</th><th scope="col">"Amount"</th>
                            <th scope="col">"Refunded"</th><th scope="col">"Status"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <Pager page=page has_next=found.has_next what="payments"
                        link=move |n| pages.link(&id, "payments", n)/>
                }
                .into_any()
            }
        }
    };
    view! {
        <section aria-labelledby="payments-heading">
            <h2 id="payments-heading">"Payments and refunds"</h2>
            {body}
        </section>
    }
}

#[component]
fn TrailSection(id: String, pages: Pages) -> impl IntoView {
    let data = LocalResource::new({
        let id = id.clone();
        move || {
            let filter = AuditFilter {
                resident: Some(id.clone()),
                ..AuditFilter::default()
            };
            let page = pages.audit.get();
            async move { Office.audit(&filter, page).await }
        }
    });
    let full_log = href("/office/audit", &[("resident", id.clone())]);
    let body = move || {
        let id = id.clone();
        match data.get() {
            None => view! { <Loading what="Loading the audit trail…"/> }.into_any(),
            Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
            Some(Ok(found)) if found.items.is_empty() => {
                view! { <p id="no-trail">"No staff action about this resident yet."</p> }.into_any()
            }
            Some(Ok(found)) => {
                let page = pages.audit.get_untracked();
                let rows = found
                    .items
                    .into_iter()
                    .map(|e| {
                        view! {
                            <tr>
                                <td data-label="When">{when(e.at)}</td>
                                <td data-label="Who">{actor_label(&e.actor, e.actor_name.as_deref())}</td>
                                <td data-label="Action">{action_label(&e.action)}</td>
                                <td data-label="Detail">{e.detail.unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="cards" id="trail" aria-labelledby="trail-heading">
                        <thead><tr>
                            <th scope="col">"When"</th><th scope="col">"Who"</th>
                            <th scope="col">"Action"</th><th scope="col">"Detail"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <Pager page=page has_next=found.has_next what="audit trail"
                        link=move |n| pages.link(&id, "audit", n)/>
                }
                .into_any()
            }
        }
    };
    view! {
        <section aria-labelledby="trail-heading">
            <h2 id="trail-heading">"Audit trail"</h2>
            {body}
            <p><A href=full_log attr:id="trail-in-log">"Open this trail in the audit log"</A></p>
        </section>
    }
}
