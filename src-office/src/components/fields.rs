//! Labelled fields with their error beside them, the error summary at the top, and a submit
//! button that cannot be pressed twice while its request runs (GOV.UK patterns).

use crate::forms::Errors;
use leptos::html;
use leptos::prelude::*;

/// "There is a problem": every error, each a link to its field. It takes focus when errors
/// appear, so keyboard and screen-reader users hear it first.
#[component]
pub(crate) fn ErrorSummary(errors: RwSignal<Errors>) -> impl IntoView {
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if !errors.with(Errors::is_empty)
            && let Some(el) = node.get()
        {
            let _ = el.focus();
        }
    });
    view! {
        <div node_ref=node class="error-summary" role="alert" tabindex="-1"
            hidden=move || errors.with(Errors::is_empty)>
            <h2>"There is a problem"</h2>
            <ul>
                {move || errors.get().all().iter().map(|e| {
                    let message = e.message.clone();
                    match &e.field {
                        Some(field) => view! { <li><a href=format!("#{field}")>{message}</a></li> }.into_any(),
                        None => view! { <li>{message}</li> }.into_any(),
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// A text input with its label, optional hint and error.
#[component]
pub(crate) fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<Errors>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let error = move || errors.with(|e| e.for_field(id));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class=move || if error().is_some() { "field field-invalid" } else { "field" }>
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {move || error().map(|message| view! {
                <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{message}</p>
            })}
            <input id=id name=id type=kind autocomplete=autocomplete inputmode=inputmode
                aria-describedby=described aria-invalid=move || error().is_some().then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

#[component]
pub(crate) fn SubmitButton(
    id: &'static str,
    label: &'static str,
    pending_label: &'static str,
    pending: RwSignal<bool>,
    #[prop(default = "button")] class: &'static str,
) -> impl IntoView {
    view! {
        <button type="submit" class=class id=id disabled=move || pending.get()>
            {move || if pending.get() { pending_label } else { label }}
        </button>
    }
}
