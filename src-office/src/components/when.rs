//! A typed date and time (GOV.UK date input: day, month, year; then the time of day), as a
//! phone agent types what the caller says. The fields hold exactly what was typed.

use crate::forms::Errors;
use leptos::prelude::*;

/// The four fields as typed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TypedWhen {
    pub(crate) day: RwSignal<String>,
    pub(crate) month: RwSignal<String>,
    pub(crate) year: RwSignal<String>,
    pub(crate) time: RwSignal<String>,
}

impl TypedWhen {
    pub(crate) fn new() -> Self {
        Self {
            day: RwSignal::new(String::new()),
            month: RwSignal::new(String::new()),
            year: RwSignal::new(String::new()),
            time: RwSignal::new(String::new()),
        }
    }
}

/// `id` is the date's error key and its day field's id (so the summary's link lands on the
/// first field); the others are `{id}-month`, `{id}-year` and `{id}-time`.
#[component]
pub(crate) fn DateTimeField(
    id: &'static str,
    legend: &'static str,
    typed: TypedWhen,
    errors: RwSignal<Errors>,
    hint: String,
    time_hint: &'static str,
) -> impl IntoView {
    let date_error = move || errors.with(|e| e.for_field(id));
    let time_id = format!("{id}-time");
    let time_error = {
        let time_id = time_id.clone();
        move || errors.with(|e| e.for_field(&time_id))
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if date_error().is_some() {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let parts = [
        (id.to_owned(), "Day", "date-2", typed.day),
        (format!("{id}-month"), "Month", "date-2", typed.month),
        (format!("{id}-year"), "Year", "date-4", typed.year),
    ]
    .map(|(field_id, label, width, value)| {
        view! {
            <div class="date-item">
                <label for=field_id.clone()>{label}</label>
                <input id=field_id.clone() name=field_id type="text" inputmode="numeric"
                    autocomplete="off" class=width
                    class:input-invalid=move || date_error().is_some()
                    aria-invalid=move || date_error().is_some().then_some("true")
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    });
    let time_hint_id = format!("{id}-time-hint");
    let time_error_id = format!("{id}-time-error");
    let time_described = {
        let (hint, error) = (time_hint_id.clone(), time_error_id.clone());
        let time_error = time_error.clone();
        move || {
            if time_error().is_some() {
                format!("{hint} {error}")
            } else {
                hint.clone()
            }
        }
    };
    let time_invalid = {
        let time_error = time_error.clone();
        Signal::derive(move || time_error().is_some())
    };
    view! {
        <fieldset class="when">
            <legend class="when-legend">{legend}</legend>
            <div class="field" class:field-invalid=move || date_error().is_some()>
                <fieldset role="group" aria-describedby=described>
                    <legend>"Date"</legend>
                    <p class="hint" id=hint_id>{hint}</p>
                    {move || date_error().map(|message| view! {
                        <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{message}</p>
                    })}
                    <div class="date-input">{parts}</div>
                </fieldset>
            </div>
            <div class="field" class:field-invalid=time_invalid>
                <label for=time_id.clone()>"Time"</label>
                <p class="hint" id=time_hint_id>{time_hint}</p>
                {move || time_error().map(|message| view! {
                    <p class="field-error" id=time_error_id.clone()><span class="visually-hidden">"Error: "</span>{message}</p>
                })}
                <input id=time_id.clone() name=time_id type="text" autocomplete="off" class="time-input"
                    aria-describedby=time_described
                    aria-invalid=move || time_invalid.get().then_some("true")
                    prop:value=move || typed.time.get()
                    on:input=move |ev| typed.time.set(event_target_value(&ev))/>
            </div>
        </fieldset>
    }
}
