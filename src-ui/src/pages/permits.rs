//! Manage Digital Permits: details, renewal (RP-4, AVP-3), auto-renewal (RP-6), the vehicle
//! (AVP-2 edit, RP-3 change request), cancelling with the refund policy (RP-5, AVP-4), and
//! change of address with proof (AVP-5, RP-7).

mod address;
mod permit;

use crate::app::{use_api, use_session};
use crate::components::{LoadError, Loading, RequireLogin};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(crate) fn Manage() -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let permits = LocalResource::new(move || {
        let api = api.clone();
        async move { api.permits().await }
    });
    view! {
        <h1>"Manage Digital Permits"</h1>
        <RequireLogin>
            {move || match (permits.get(), session.scheme()) {
                (None, _) => view! { <Loading what="Loading your permits…"/> }.into_any(),
                (Some(Err(error)), _) => view! { <LoadError error=error/> }.into_any(),
                (Some(Ok(found)), _) if found.is_empty() => view! {
                    <p id="no-permits">"You have no resident or annual visitor permits. "
                    <A href="/buy">"Buy one"</A></p>
                }.into_any(),
                (Some(Ok(found)), Some(scheme)) => {
                    let scheme = StoredValue::new(scheme);
                    view! {
                        <ul class="permits">
                            {found.into_iter().map(|p| view! {
                                <permit::PermitCard permit=p scheme=scheme reload=move || permits.refetch()/>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
                (Some(Ok(_)), None) => ().into_any(),
            }}
        </RequireLogin>
    }
}
