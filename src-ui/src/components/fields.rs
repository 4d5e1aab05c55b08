//! Labelled fields with their error next to them, the error summary at the top, and a submit
//! button that cannot be pressed twice while its request runs.
//!
//! A field's `id` is its name in the form and in the server's `{field}`; `prefix` makes its
//! element ids unique where one page holds the same form several times (one per permit).

use crate::forms::{Choice, FormErrors};
use leptos::html;
use leptos::prelude::*;

/// "There is a problem": every error, each a link to its field. It takes focus when a submit
/// answers with errors, so keyboard and screen-reader users hear it first; not when a field's
/// error goes because it was corrected, which would pull focus from the field being typed in.
#[component]
pub(crate) fn ErrorSummary(
    errors: RwSignal<FormErrors>,
    #[prop(optional, into)] prefix: String,
) -> impl IntoView {
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |before: Option<FormErrors>| {
        let now = errors.get();
        let corrected = before.is_some_and(|before| now.only_fewer_than(&before));
        if !now.is_empty()
            && !corrected
            && let Some(el) = node.get()
        {
            let _ = el.focus();
        }
        now
    });
    view! {
        <div node_ref=node class="error-summary" role="alert" tabindex="-1"
            hidden=move || errors.get().is_empty()>
            <h2>"There is a problem"</h2>
            <ul>
                {move || errors.get().all().iter().map(|e| {
                    let message = e.message.clone();
                    match e.target() {
                        Some(target) => view! { <li><a href=format!("#{prefix}{target}")>{message}</a></li> }.into_any(),
                        None => view! { <li>{message}</li> }.into_any(),
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// The element ids of one field: the control, its hint and its error.
#[derive(Debug, Clone)]
struct FieldIds {
    control: String,
    hint: String,
    error: String,
}

impl FieldIds {
    fn new(prefix: &str, id: &str) -> Self {
        Self {
            control: format!("{prefix}{id}"),
            hint: format!("{prefix}{id}-hint"),
            error: format!("{prefix}{id}-error"),
        }
    }

    fn described_by(&self, hint: bool, error: bool) -> Option<String> {
        let ids: Vec<&str> = [(hint, &self.hint), (error, &self.error)]
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, id)| id.as_str())
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The label, hint and error of a field, and the attributes its control needs.
fn field_parts(
    id: &'static str,
    label: &'static str,
    prefix: &str,
    hint: Option<Signal<String>>,
    errors: RwSignal<FormErrors>,
) -> (
    impl IntoView + use<>,
    FieldIds,
    impl Fn() -> bool + Copy + use<>,
) {
    let ids = FieldIds::new(prefix, id);
    let invalid = move || errors.get().for_field(id).is_some();
    let (hint_id, error_id) = (ids.hint.clone(), ids.error.clone());
    let parts = view! {
        <label for=ids.control.clone()>{label}</label>
        {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
        {move || errors.get().for_field(id).map(|message| view! {
            <p class="field-error" id=error_id.clone()>
                <span class="visually-hidden">"Error: "</span>{message}
            </p>
        })}
    };
    (parts, ids, invalid)
}

/// A field's new value; its error, about the old one, goes (see [`FormErrors::clear`]).
pub(crate) fn edited(errors: RwSignal<FormErrors>, id: &str, value: RwSignal<String>, new: String) {
    value.set(new);
    if errors.with_untracked(|e| e.for_field(id).is_some()) {
        errors.update(|e| e.clear(id));
    }
}

/// A text-like input bound to `value`; what was typed stays after a failed submit.
#[component]
pub(crate) fn TextField(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    #[prop(optional, into)] prefix: String,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional, into)] min: Option<Signal<String>>,
    #[prop(optional, into)] max: Option<Signal<String>>,
) -> impl IntoView {
    let has_hint = hint.is_some();
    let (parts, ids, invalid) = field_parts(id, label, &prefix, hint, errors);
    view! {
        <div class="field" class:field-invalid=invalid>
            {parts}
            <input id=ids.control.clone() name=id type=kind
                autocomplete=autocomplete inputmode=inputmode
                min=move || min.map(|m| m.get()) max=move || max.map(|m| m.get())
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || ids.described_by(has_hint, invalid())
                prop:value=move || value.get()
                on:input=move |ev| edited(errors, id, value, event_target_value(&ev))/>
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
    let (parts, ids, invalid) = field_parts(id, label, "", hint, errors);
    view! {
        <div class="field" class:field-invalid=invalid>
            {parts}
            <select id=ids.control.clone() name=id
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || ids.described_by(has_hint, invalid())
                prop:value=move || value.get()
                on:change=move |ev| edited(errors, id, value, event_target_value(&ev))>
                <option value="">"Choose"</option>
                {move || options.get().into_iter().map(|(v, text)| {
                    let selected = value.get_untracked() == v;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// GOV.UK radios: one question (the legend), each answer's full label with its hint under it.
/// The first radio has the field's id, so the error summary's link lands on it; the others are
/// `{id}-{value}`.
/// A GOV.UK checkbox on its own (a yes/no choice), with the hint that says what ticking it means.
#[component]
pub(crate) fn CheckboxField(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    checked: RwSignal<bool>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label class="choice" for=id>
                <input type="checkbox" id=id name=id aria-describedby=hint_id.clone()
                    prop:checked=move || checked.get()
                    on:change=move |ev| checked.set(event_target_checked(&ev))/>
                {label}
            </label>
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
}

#[component]
pub(crate) fn RadioField(
    id: &'static str,
    legend: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FormErrors>,
    choices: Vec<Choice>,
) -> impl IntoView {
    let invalid = move || errors.with(|e| e.for_field(id).is_some());
    let error_id = format!("{id}-error");
    let radios = choices
        .into_iter()
        .enumerate()
        .map(|(n, choice)| {
            let radio_id = if n == 0 {
                id.to_owned()
            } else {
                format!("{id}-{}", choice.value)
            };
            let hint_id = format!("{radio_id}-item-hint");
            let described = choice.hint.is_some().then(|| hint_id.clone());
            let v = choice.value.clone();
            let checked = choice.value.clone();
            view! {
                <div class="radio-item">
                    <input type="radio" id=radio_id.clone() name=id value=choice.value
                        aria-describedby=described
                        prop:checked=move || value.get() == checked
                        on:change=move |_| edited(errors, id, value, v.clone())/>
                    <label for=radio_id>{choice.label}</label>
                    {choice.hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
                </div>
            }
        })
        .collect_view();
    let described = error_id.clone();
    view! {
        <div class="field" class:field-invalid=invalid>
            <fieldset class="radios" aria-describedby=move || invalid().then(|| described.clone())>
                <legend>{legend}</legend>
                {move || errors.with(|e| e.for_field(id)).map(|message| view! {
                    <p class="field-error" id=error_id.clone()>
                        <span class="visually-hidden">"Error: "</span>{message}
                    </p>
                })}
                {radios}
            </fieldset>
        </div>
    }
}

/// Disabled and relabelled while `pending`, so a double click submits once.
#[component]
pub(crate) fn SubmitButton(
    #[prop(into)] label: Signal<String>,
    pending_label: &'static str,
    pending: RwSignal<bool>,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    view! {
        <button type="submit" id=id class="button" disabled=move || pending.get()
            aria-busy=move || pending.get().then_some("true")>
            {move || if pending.get() { pending_label.to_owned() } else { label.get() }}
        </button>
    }
}
