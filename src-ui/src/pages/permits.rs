//! Manage Digital Permits: details, renewal (RP-4, AVP-3), auto-renewal (RP-6), the vehicle
//! (AVP-2 edit, RP-3 change request), cancelling with the refund policy (RP-5, AVP-4), and
//! change of address with proof (AVP-5, RP-7), and the evidence a reviewed permit needs (AVP-1).

mod address;
mod evidence;
mod new_zone;
mod permit;

use crate::app::use_session;
use crate::components::{RequireLogin, load, loaded};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(crate) fn Manage() -> impl IntoView {
    let session = use_session();
    let permits = load(|api| async move { api.permits().await });
    // What the last action did, kept above the list while it reloads.
    let notice = RwSignal::new(None::<String>);
    let done = move |message: String| {
        notice.set(Some(message));
        permits.refetch();
    };
    view! {
        <h1>"Manage Digital Permits"</h1>
        <RequireLogin>
            {move || notice.get().map(|text| view! {
                <div class="notice" role="status" id="permit-notice"><p>{text}</p></div>
            })}
            {loaded(permits, "Loading your permits…", move |found| match session.scheme() {
                _ if found.is_empty() => view! {
                    <p id="no-permits">"You have no resident or annual visitor permits. "
                    <A href="/buy">"Buy one"</A></p>
                }.into_any(),
                Some(scheme) => {
                    let scheme = StoredValue::new(scheme);
                    view! {
                        <ul class="permits">
                            {found.into_iter().map(|p| view! {
                                <permit::PermitCard permit=p scheme=scheme done=done/>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
                None => ().into_any(),
            })}
        </RequireLogin>
    }
}
