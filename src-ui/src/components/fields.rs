//! Labelled fields with their error next to them, the error summary at the top, and a submit
//! button that cannot be pressed twice while its request runs.

use crate::forms::FormErrors;
use leptos::html;
use leptos::prelude::*;

/// "There is a problem": every error, each a link to its field. It takes focus when it
/// appears so keyboard and screen-reader users hear it first.
#[component]
pub(crate) fn ErrorSummary(errors: RwSignal<FormErrors>) -> impl IntoView {
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if !errors.get().is_empty()
            && let Some(el) = node.get()
        {
            let _ = el.focus();
        }
    });
    view! {
        <div node_ref=node class="error-summary" role="alert" tabindex="-1"
            hidden=move || errors.get().is_empty()>
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

fn described_by(id: &'static str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

#[component]
fn FieldMessages(
    id: &'static str,
    hint: Option<Signal<String>>,
    errors: RwSignal<FormErrors>,
) -> impl IntoView {
    view! {
        {hint.map(|hint| view! { <p class="hint" id=format!("{id}-hint")>{hint}</p> })}
        {move || errors.get().for_field(id).map(|message| view! {
            <p class="field-error" id=format!("{id}-error")>
                <span class="visually-hidden">"Error: "</span>{message}
            </p>
        })}
    }
}

/// A text-like input bound to `value`; what was typed stays after a failed submit.
#[component]
pub(crate) fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] min: Option<Signal<String>>,
    #[prop(optional, into)] max: Option<Signal<String>>,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let invalid = move || errors.get().for_field(id).is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id>{label}</label>
            <FieldMessages id=id hint=hint errors=errors/>
            <input id=id name=id type=kind
                autocomplete=autocomplete inputmode=inputmode
                min=move || min.map(|m| m.get()) max=move || max.map(|m| m.get())
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || described_by(id, has_hint, invalid())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

/// A select bound to `value`; `options` are (value, label) pairs after a "Choose" prompt.
#[component]
pub(crate) fn SelectField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let invalid = move || errors.get().for_field(id).is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id>{label}</label>
            <FieldMessages id=id hint=hint errors=errors/>
            <select id=id name=id
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || described_by(id, has_hint, invalid())
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">"Choose"</option>
                {move || options.get().into_iter().map(|(v, text)| {
                    let selected = value.get_untracked() == v;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Disabled and relabelled while `pending`, so a double click submits once.
#[component]
pub(crate) fn SubmitButton(
    label: &'static str,
    pending_label: &'static str,
    pending: RwSignal<bool>,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    view! {
        <button type="submit" id=id class="button" disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")>
            {move || if pending.get() { pending_label } else { label }}
        </button>
    }
}
