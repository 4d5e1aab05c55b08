//! The sandbox card step of every payment (no real money moves in this build).

use super::TextField;
use crate::forms::FormErrors;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub(crate) struct CardInput {
    pub(crate) number: RwSignal<String>,
    pub(crate) expiry: RwSignal<String>,
    pub(crate) cvc: RwSignal<String>,
}

impl CardInput {
    pub(crate) fn new() -> Self {
        Self {
            number: RwSignal::new(String::new()),
            expiry: RwSignal::new(String::new()),
            cvc: RwSignal::new(String::new()),
        }
    }
}

#[component]
pub(crate) fn CardFields(
    card: CardInput,
    errors: RwSignal<FormErrors>,
    #[prop(optional, into)] prefix: String,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Pay by card (sandbox)"</legend>
            <p class="hint">"Test card: 4242 4242 4242 4242, any future expiry, any 3 digits."</p>
            <TextField id="card_number" label="Card number" value=card.number errors=errors prefix=prefix.clone()
                autocomplete="cc-number" inputmode="numeric"/>
            <TextField id="card_expiry" label="Expiry date (MM/YY)" value=card.expiry errors=errors prefix=prefix.clone()
                autocomplete="cc-exp"/>
            <TextField id="card_cvc" label="Security code" value=card.cvc errors=errors prefix=prefix
                autocomplete="cc-csc" inputmode="numeric"/>
        </fieldset>
    }
}
