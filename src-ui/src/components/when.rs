//! The GOV.UK "Today / Tomorrow / Another date" radios with the day, month and year date
//! input revealed under Another date. The fields hold exactly what was typed.

use super::fields::edited;
use crate::forms::{DatePart, FormErrors, StartDay, parse_date};
use leptos::prelude::*;

/// The three fields of the date input, as typed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DateInput {
    pub(crate) day: RwSignal<String>,
    pub(crate) month: RwSignal<String>,
    pub(crate) year: RwSignal<String>,
}

impl DateInput {
    pub(crate) fn new() -> Self {
        Self {
            day: RwSignal::new(String::new()),
            month: RwSignal::new(String::new()),
            year: RwSignal::new(String::new()),
        }
    }

    fn part(&self, part: DatePart) -> RwSignal<String> {
        match part {
            DatePart::Day => self.day,
            DatePart::Month => self.month,
            DatePart::Year => self.year,
        }
    }

    /// The fields to mark as wrong while `field` has an error: those the parser blames, or
    /// all three when the date is real but not allowed (too far ahead).
    fn at_fault(&self, errors: RwSignal<FormErrors>, field: &str) -> Vec<DatePart> {
        if errors.with(|e| e.for_field(field).is_none()) {
            return Vec::new();
        }
        let typed = |part: DatePart| self.part(part).get();
        let parsed = parse_date(
            &typed(DatePart::Day),
            &typed(DatePart::Month),
            &typed(DatePart::Year),
            "the date",
        );
        match parsed {
            Ok(_) => DatePart::ALL.to_vec(),
            Err(problem) => problem.parts,
        }
    }
}

/// `id` is the field's name (`start`): the first radio has it as its id, the date fields are
/// `{id}-day`, `{id}-month` and `{id}-year`, and its error is `{id}-error`.
#[component]
pub(crate) fn DayChoice(
    id: &'static str,
    legend: &'static str,
    choice: RwSignal<String>,
    date: DateInput,
    errors: RwSignal<FormErrors>,
    /// Under the date input's legend: an example date and any limit.
    hint: String,
    on_choose: impl Fn(StartDay) + Copy + 'static,
) -> impl IntoView {
    let invalid = move || errors.with(|e| e.for_field(id).is_some());
    let other = move || choice.get() == StartDay::Other.as_str();
    let error_id = format!("{id}-error");
    let reveal_id = format!("{id}-date");
    let date_hint_id = format!("{id}-hint");
    let error = {
        let error_id = error_id.clone();
        move || {
            errors.with(|e| e.for_field(id)).map(|message| {
                view! {
                    <p class="field-error" id=error_id.clone()>
                        <span class="visually-hidden">"Error: "</span>{message}
                    </p>
                }
            })
        }
    };
    let radios = StartDay::ALL.map(|day| {
        let radio_id = match day {
            StartDay::Today => id.to_owned(),
            _ => format!("{id}-{}", day.as_str()),
        };
        let controls = (day == StartDay::Other).then(|| reveal_id.clone());
        view! {
            <label class="choice" for=radio_id.clone()>
                <input type="radio" id=radio_id.clone() name=id value=day.as_str()
                    aria-controls=controls
                    prop:checked=move || choice.get() == day.as_str()
                    on:change=move |_| {
                        // Before the choice changes, so the page sees the day it leaves.
                        on_choose(day);
                        edited(errors, id, choice, day.as_str().to_owned());
                    }/>
                {day.label()}
            </label>
        }
    });
    let [today, tomorrow, another] = radios;
    let fields = DatePart::ALL.map(|part| {
        let field_id = format!("{id}-{}", part.name());
        let value = date.part(part);
        let wrong = move || date.at_fault(errors, id).contains(&part);
        let (width, label) = match part {
            DatePart::Day => ("date-2", "Day"),
            DatePart::Month => ("date-2", "Month"),
            DatePart::Year => ("date-4", "Year"),
        };
        view! {
            <div class="date-item">
                <label for=field_id.clone()>{label}</label>
                <input id=field_id name=format!("{id}-{}", part.name()) type="text"
                    inputmode="numeric" autocomplete="off" class=width
                    class:input-invalid=wrong
                    aria-invalid=move || wrong().then_some("true")
                    prop:value=move || value.get()
                    on:input=move |ev| edited(errors, id, value, event_target_value(&ev))/>
            </div>
        }
    });
    let described = {
        let (hint_id, error_id) = (date_hint_id.clone(), error_id.clone());
        move || {
            if invalid() {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let radio_error = error.clone();
    view! {
        <div class="field" class:field-invalid=invalid>
            <fieldset class="radios" aria-describedby=move || (invalid() && !other()).then(|| error_id.clone())>
                <legend>{legend}</legend>
                {move || (!other()).then(|| radio_error.clone()())}
                {today}
                {tomorrow}
                {another}
                <div class="conditional" id=reveal_id hidden=move || !other()>
                    <fieldset role="group" aria-describedby=described>
                        <legend>"Date"</legend>
                        <p class="hint" id=date_hint_id>{hint}</p>
                        {move || other().then(|| error.clone()())}
                        <div class="date-input">{fields}</div>
                    </fieldset>
                </div>
            </fieldset>
        </div>
    }
}
