//! RP-6: "Renew automatically" on Check your answers, where the council offers it.

use crate::components::CheckboxField;
use leptos::prelude::*;

/// A GOV.UK checkbox, off until ticked, with a hint of what ticking it means and where it is
/// switched off again.
#[component]
pub(crate) fn RenewAutomatically(on: RwSignal<bool>) -> impl IntoView {
    view! {
        <div id="auto-renew-choice">
            <CheckboxField id="auto_renew" label="Renew automatically" checked=on
                hint="When the permit is due to renew (30 days before it expires) we charge the card you pay with now and renew it for the same length of time. You can switch this off at any time in Manage permits."/>
        </div>
    }
}
