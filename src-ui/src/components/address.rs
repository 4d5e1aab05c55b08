//! Find a property by postcode and house number or name, then choose it (REG-1, REG-5,
//! AVP-5, RP-7).

use super::TextField;
use crate::app::use_api;
use crate::forms::FormErrors;
use leptos::prelude::*;
use leptos::task::spawn_local;
use permit_api_types::Property;
use permit_rules::Postcode;

#[component]
pub(crate) fn AddressFinder(
    property_id: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    #[prop(default = "Your address")] legend: &'static str,
    #[prop(optional, into)] prefix: String,
) -> impl IntoView {
    let (choices_id, choices_error_id, radio_name) = (
        format!("{prefix}property_id"),
        format!("{prefix}property_id-error"),
        format!("{prefix}property_id"),
    );
    let api = use_api();
    let postcode = RwSignal::new(String::new());
    let house = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<Property>>);
    let searching = RwSignal::new(false);
    let search = move |_| {
        if searching.get_untracked() {
            return;
        }
        let postcode = match Postcode::parse(&postcode.get_untracked()) {
            Ok(postcode) => postcode,
            Err(e) => {
                let mut next = FormErrors::new();
                next.add("postcode", e.to_string());
                errors.set(next);
                return;
            }
        };
        searching.set(true);
        let api = api.clone();
        spawn_local(async move {
            let result = api
                .search_properties(&postcode, &house.get_untracked())
                .await;
            searching.set(false);
            match result {
                Ok(properties) => {
                    errors.set(FormErrors::new());
                    if let [only] = properties.as_slice() {
                        property_id.set(only.id.clone());
                    }
                    found.set(Some(properties));
                }
                Err(error) => errors.set(FormErrors::from_api(&error, &["postcode"])),
            }
        });
    };
    view! {
        <fieldset class="address-finder">
            <legend>{legend}</legend>
            <TextField id="postcode" label="Postcode" value=postcode errors=errors
                prefix=prefix.clone() autocomplete="postal-code"/>
            <TextField id="house" label="House number or name" value=house errors=errors
                prefix=prefix.clone() hint=Signal::derive(|| "For example 12 or Rose Cottage".to_owned())/>
            <button type="button" class="button secondary find-address" id=format!("{prefix}find-address") on:click=search
                disabled=move || searching.get()>
                {move || if searching.get() { "Finding…" } else { "Find address" }}
            </button>
            <div id=choices_id class="property-choices" tabindex="-1">
                {move || found.get().map(|properties| {
                    if properties.is_empty() {
                        view! { <p class="field-error" role="status">"No address found: check the postcode and house."</p> }.into_any()
                    } else {
                        view! {
                            <fieldset class="choices">
                                <legend>"Choose your address"</legend>
                                {properties.into_iter().map(|p| {
                                    let id = p.id.clone();
                                    let checked_id = p.id.clone();
                                    let label = p.address.join(", ") + ", " + &p.postcode;
                                    view! {
                                        <label class="choice">
                                            <input type="radio" name=radio_name.clone() value=id.clone()
                                                prop:checked=move || property_id.get() == checked_id
                                                on:change=move |_| property_id.set(id.clone())/>
                                            {label}
                                        </label>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }.into_any()
                    }
                })}
                {move || errors.get().for_field("property_id").map(|m| view! {
                    <p class="field-error" id=choices_error_id.clone()>{m}</p>
                })}
            </div>
        </fieldset>
    }
}
