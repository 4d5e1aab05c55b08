//! A verified call (ACT-6): whose call it is and until when, the caller's stays (cancel one)
//! and vehicle permits (switch auto-renewal off, cancel one), a link to book a stay, and
//! "End call". The call lives in this tab (`Office::open_call`), so the page reloads at its
//! URL; another tab, or an ended call, shows how to verify the caller again.

use crate::api::{ApiError, Office, OpenCall};
use crate::components::{LoadError, Loading, RequireRole, Table};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use permit_api_types::{Permit, Stay, path_segment};
use permit_rules::time::{display_end, display_instant};

/// The agent's pages of one call: the call from this tab, else how to start one.
#[component]
pub(crate) fn CallGate(children: ChildrenFn) -> impl IntoView {
    let children = StoredValue::new(children);
    view! {
        <RequireRole roles=&["agent"]>
            {move || {
                let id = use_params_map().with_untracked(|p| p.get("call").unwrap_or_default());
                match Office.open_call(&id) {
                    Some(call) => {
                        provide_context(call);
                        children.with_value(|c| c()).into_any()
                    }
                    None => view! { <NoCall/> }.into_any(),
                }
            }}
        </RequireRole>
    }
}

/// The call the page is in (inside `CallGate`).
pub(crate) fn use_call() -> OpenCall {
    expect_context::<OpenCall>()
}

/// The call's own URL, plus `rest`.
pub(crate) fn call_href(call: &OpenCall, rest: &str) -> String {
    format!("/office/calls/{}{rest}", path_segment(&call.id))
}

#[component]
fn NoCall() -> impl IntoView {
    view! {
        <h1>"This call is not open"</h1>
        <p>"Calls last 30 minutes and stay in the browser tab that verified the caller."</p>
        <p><A href="/office/calls" attr:class="button">"Verify a caller"</A></p>
    }
}

/// Whose call this is, until when, and "End call": at the top of each of the call's pages.
#[component]
pub(crate) fn CallerBanner() -> impl IntoView {
    let call = use_call();
    let navigate = use_navigate();
    let end_call = move |_| {
        Office.end_call();
        navigate("/office/calls?ended=1", NavigateOptions::default());
    };
    view! {
        <section class="caller-banner" id="caller" aria-label="Verified caller">
            <p>
                <strong class="tag tag-verified">"Verified"</strong>" "
                <span>"Caller: "</span><strong id="caller-name">{call.resident_name.clone()}</strong>
                <span class="hint">{format!(" · the call can act for them until {}", display_instant(call.expires_at))}</span>
            </p>
            <button type="button" class="button secondary" id="end-call" on:click=end_call>"End call"</button>
        </section>
    }
}

/// A call request refused: a lapsed call (404) says so; anything else as a load error.
#[component]
pub(crate) fn CallError(error: ApiError) -> impl IntoView {
    if error.status == 404 {
        return view! {
            <div class="error-summary" role="alert" id="call-lapsed">
                <p>"This call has ended: calls last 30 minutes. "<A href="/office/calls">"Verify the caller again"</A>"."</p>
            </div>
        }
        .into_any();
    }
    view! { <LoadError error=error/> }.into_any()
}

#[component]
pub(crate) fn Call() -> impl IntoView {
    view! { <CallGate><CallView/></CallGate> }
}

#[component]
fn CallView() -> impl IntoView {
    let call = use_call();
    let stays = {
        let id = call.id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move { Office.caller_stays(&id).await }
        })
    };
    let permits = {
        let id = call.id.clone();
        LocalResource::new(move || {
            let id = id.clone();
            async move { Office.caller_permits(&id).await }
        })
    };
    // What the last action on a permit said: outside the table, so it stays (and is not
    // announced twice) while the table is read again after the action.
    let said = RwSignal::new(None::<String>);
    view! {
        <CallerBanner/>
        <h1>{format!("Call with {}", call.resident_name)}</h1>
        <p><A href=call_href(&call, "/book") attr:class="button" attr:id="book-stay">"Book a stay"</A></p>
        <h2 id="stays-heading">"Visitor stays"</h2>
        {move || match stays.get() {
            None => view! { <Loading what="Loading the caller's stays…"/> }.into_any(),
            Some(Err(error)) => view! { <CallError error=error/> }.into_any(),
            Some(Ok(found)) => view! { <StayTable stays=found/> }.into_any(),
        }}
        <h2 id="permits-heading">"Vehicle permits"</h2>
        <div class="notice" role="status" id="permit-said" hidden=move || said.get().is_none()>
            <p>{move || said.get()}</p>
        </div>
        {move || match permits.get() {
            None => view! { <Loading what="Loading the caller's permits…"/> }.into_any(),
            Some(Err(error)) => view! { <CallError error=error/> }.into_any(),
            Some(Ok(found)) => {
                view! { <PermitTable permits=found said=said reload=move || permits.refetch()/> }
                    .into_any()
            }
        }}
    }
}

fn status_label(status: &str) -> &'static str {
    match status {
        "upcoming" => "Upcoming",
        "active" => "Active",
        "ended" => "Ended",
        "cancelled" => "Cancelled",
        "pending_review" => "Waiting for review",
        "rejected" => "Rejected",
        _ => "Other",
    }
}

#[component]
fn StayTable(stays: Vec<Stay>) -> impl IntoView {
    let call = use_call();
    if stays.is_empty() {
        return view! { <p id="no-stays">"The caller has no stays booked."</p> }.into_any();
    }
    let rows = stays
        .into_iter()
        .map(|stay| {
            let cancel = call_href(&call, &format!("/stays/{}/cancel", path_segment(&stay.id)));
            view! {
                <tr data-id=stay.id.clone()>
                    <td data-label="Vehicle">{stay.vrm.clone()}</td>
                    <td data-label="Starts">{display_instant(stay.starts_at)}</td>
                    <td data-label="Ends">{display_end(stay.ends_at)}</td>
                    <td data-label="Status">{status_label(&stay.status)}</td>
                    <td data-label="Action"><A href=cancel attr:class="cancel-stay">
                        "Cancel stay"<span class="visually-hidden">{format!(" for {}", stay.vrm)}</span>
                    </A></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Table id="stays" caption="The caller's stays that have not ended"
            heads=&["Vehicle", "Starts", "Ends", "Status", "Action"]>
            {rows}
        </Table>
    }
    .into_any()
}

/// The caller's permits; `reload` reads them again after an action that may change other rows
/// than the one acted on.
#[component]
fn PermitTable(
    permits: Vec<Permit>,
    said: RwSignal<Option<String>>,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let call = use_call();
    if permits.is_empty() {
        return view! { <p id="no-permits">"The caller has no vehicle permits."</p> }.into_any();
    }
    let rows = permits
        .into_iter()
        .map(|permit| {
            let renews = RwSignal::new(permit.auto_renew);
            let running = permit.state == "active";
            let cancel = call_href(&call, &format!("/permits/{}/cancel", path_segment(&permit.id)));
            let (call_id, permit_id, vrm) = (call.id.clone(), permit.id.clone(), permit.vrm.clone());
            let for_vrm = format!(" for {}", permit.vrm);
            let switch_off = move |_| {
                let (call_id, permit_id, vrm) = (call_id.clone(), permit_id.clone(), vrm.clone());
                spawn_local(async move {
                    match Office.set_caller_auto_renew(&call_id, &permit_id, false).await {
                        Ok(permit) => {
                            renews.set(permit.auto_renew);
                            said.set(Some(format!("Auto-renewal is now off for {vrm}.")));
                            // RP-2, RP-6: with a renewal awaiting the council's review the
                            // server switches both periods off; the other row is read again.
                            reload();
                        }
                        Err(error) => said.set(Some(error.message)),
                    }
                });
            };
            view! {
                <tr data-id=permit.id.clone()>
                    <td data-label="Permit">{permit.name.clone()}</td>
                    <td data-label="Vehicle">{permit.vrm.clone()}</td>
                    <td data-label="Status">{status_label(&permit.state)}</td>
                    <td data-label="Expires">{display_end(permit.expires_at)}</td>
                    <td data-label="Auto-renewal">{move || if renews.get() { "On" } else { "Off" }}</td>
                    <td data-label="Actions">
                        <div class="row-actions">
                            {move || (renews.get() && running).then(|| view! {
                                <button type="button" class="link-button auto-renew-off" on:click=switch_off.clone()>
                                    "Switch auto-renewal off"<span class="visually-hidden">{for_vrm.clone()}</span>
                                </button>
                            })}
                            {running.then(|| view! {
                                <A href=cancel.clone() attr:class="cancel-permit">
                                    "Cancel permit"<span class="visually-hidden">{format!(" for {}", permit.vrm)}</span>
                                </A>
                            })}
                        </div>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Table id="permits" caption="The caller's vehicle permits"
            heads=&["Permit", "Vehicle", "Status", "Expires", "Auto-renewal", "Actions"]>
            {rows}
        </Table>
    }
    .into_any()
}
