//! A typed moment: the GOV.UK date input (day, month, year) and a time, both UTC, in one
//! fieldset with its hint and error. The day's input has the field's id, so the error
//! summary's link lands on it; the others are `{id}-month`, `{id}-year` and `{id}-time`.

use super::pager::text_param;
use super::when::TypedWhen;
use crate::forms::Errors;
use crate::forms::typed_date::DatePart;
use crate::records::{Range, TypedMoment, parse_range, parts_at_fault};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// What is typed in a moment's four fields (the phone console's `TypedWhen`).
impl TypedWhen {
    pub(crate) fn typed(&self) -> TypedMoment {
        TypedMoment {
            day: self.day.get_untracked(),
            month: self.month.get_untracked(),
            year: self.year.get_untracked(),
            time: self.time.get_untracked(),
        }
    }

    /// Shows `at` (from the URL), or blanks.
    pub(crate) fn show(&self, at: Option<DateTime<Utc>>) {
        let typed = at.map(TypedMoment::of).unwrap_or_default();
        self.day.set(typed.day);
        self.month.set(typed.month);
        self.year.set(typed.year);
        self.time.set(typed.time);
    }

    /// What is typed, tracked (for views that mark the fields at fault).
    fn typed_tracked(&self) -> TypedMoment {
        TypedMoment {
            day: self.day.get(),
            month: self.month.get(),
            year: self.year.get(),
            time: self.time.get(),
        }
    }
}

fn instant(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// A time range's two typed moments, showing the URL's `from` and `to` (on load, reload and
/// the back button).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RangeInput {
    from: TypedWhen,
    to: TypedWhen,
    /// The range the URL asks for.
    pub(crate) url: Memo<Range>,
}

impl RangeInput {
    pub(crate) fn from_url() -> Self {
        let (from, to) = (text_param("from"), text_param("to"));
        let url = Memo::new(move |_| (instant(&from.get()), instant(&to.get())));
        let range = Self {
            from: TypedWhen::new(),
            to: TypedWhen::new(),
            url,
        };
        Effect::new(move |_| {
            let (from, to) = url.get();
            range.from.show(from);
            range.to.show(to);
        });
        range
    }

    /// The range typed, or the errors by the field at fault.
    pub(crate) fn parse(&self) -> Result<Range, Errors> {
        parse_range(&self.from.typed(), &self.to.typed())
    }
}

/// The range's two moments side by side (from tablet width).
#[component]
pub(crate) fn RangeFields(
    range: RangeInput,
    errors: RwSignal<Errors>,
    from_legend: &'static str,
    to_legend: &'static str,
) -> impl IntoView {
    view! {
        <div class="range">
            <MomentField id="from" legend=from_legend what="the start" input=range.from errors=errors/>
            <MomentField id="to" legend=to_legend what="the end" input=range.to errors=errors/>
        </div>
    }
}

#[component]
fn MomentField(
    id: &'static str,
    legend: &'static str,
    /// Names the moment in the parser's messages, to find the parts at fault.
    what: &'static str,
    input: TypedWhen,
    errors: RwSignal<Errors>,
) -> impl IntoView {
    let error = move || errors.with(|e| e.for_field(id));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || match error() {
            Some(_) => format!("{hint_id} {error_id}"),
            None => hint_id.clone(),
        }
    };
    // The parts the message is about; all four when the date is fine but the moment is not.
    let at_fault = move |part: Option<DatePart>| {
        error().is_some() && {
            let parts = parts_at_fault(&input.typed_tracked(), what);
            parts.is_empty() || part.is_some_and(|p| parts.contains(&p))
        }
    };
    let item = move |suffix: &'static str,
                     label: &'static str,
                     class: &'static str,
                     value: RwSignal<String>,
                     part: Option<DatePart>| {
        let input_id = if suffix.is_empty() {
            id.to_owned()
        } else {
            format!("{id}-{suffix}")
        };
        view! {
            <div class="date-item">
                <label for=input_id.clone()>{label}</label>
                <input id=input_id type="text" inputmode="numeric" autocomplete="off"
                    class=move || if at_fault(part) { format!("{class} input-invalid") } else { class.to_owned() }
                    aria-invalid=move || at_fault(part).then_some("true")
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <div class=move || if error().is_some() { "field field-invalid" } else { "field" }>
            <fieldset role="group" aria-describedby=described>
                <legend>{legend}</legend>
                <p class="hint" id=hint_id>"For example, 27 3 2026 and 14:05. Times are UTC; no time means 00:00. Leave blank for no limit."</p>
                {move || error().map(|message| view! {
                    <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{message}</p>
                })}
                <div class="date-input">
                    {item("", "Day", "date-2", input.day, Some(DatePart::Day))}
                    {item("month", "Month", "date-2", input.month, Some(DatePart::Month))}
                    {item("year", "Year", "date-4", input.year, Some(DatePart::Year))}
                    {item("time", "Time (24-hour)", "date-4", input.time, None)}
                </div>
            </fieldset>
        </div>
    }
}
