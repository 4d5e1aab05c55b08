//! RP-6: "Renew automatically" on Check your answers, where the council offers it.

use leptos::prelude::*;

/// A GOV.UK checkbox, off until ticked, with a hint of what ticking it means and where it is
/// switched off again.
#[component]
pub(crate) fn RenewAutomatically(on: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="field" id="auto-renew-choice">
            <label class="choice" for="auto_renew">
                <input type="checkbox" id="auto_renew" name="auto_renew" aria-describedby="auto_renew-hint"
                    prop:checked=move || on.get_untracked()
                    on:change=move |ev| on.set(event_target_checked(&ev))/>
                "Renew automatically"
            </label>
            <p class="hint" id="auto_renew-hint">"When the permit is due to renew (30 days before it expires) we charge the card you pay with now and renew it for the same length of time. You can switch this off at any time in Manage permits."</p>
        </div>
    }
}
