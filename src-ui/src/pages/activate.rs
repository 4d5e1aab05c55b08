//! Activate Visitor Permit: VRM, permit type where there are several, start date and time
//! with the 14-day limit in the picker, duration where the council uses them (ACT-1 to ACT-3).

use super::submit_once;
use crate::app::{use_api, use_session};
use crate::components::{ErrorSummary, RequireLogin, SelectField, SubmitButton, TextField};
use crate::format::{minutes_label, stay_span};
use crate::forms::{FormErrors, StayForm, horizon_hint};
use crate::model::Stay;
use leptos::prelude::*;
use leptos_router::components::A;
use permit_rules::Scheme;
use permit_rules::scheme::StayKind;
use permit_rules::time::{display_end, display_instant};

#[component]
pub(crate) fn Activate() -> impl IntoView {
    let session = use_session();
    view! {
        <h1>"Activate Visitor Permit"</h1>
        <RequireLogin>
            {move || match session.scheme() {
                Some(scheme) if scheme.stays.is_some() => view! { <StayFor scheme=scheme/> }.into_any(),
                _ => view! { <p class="notice">"Your council has no visitor permits to activate."</p> }.into_any(),
            }}
        </RequireLogin>
    }
}

#[component]
fn StayFor(scheme: Scheme) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let start = StayForm::starting(&scheme, session.now());
    let vrm = RwSignal::new(start.vrm);
    let permit_type = RwSignal::new(start.permit_type);
    let date = RwSignal::new(start.start);
    let time = RwSignal::new(start.start_time);
    let duration = RwSignal::new(start.duration_minutes);
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let booked = RwSignal::new(None::<Stay>);
    let types: Vec<(String, String)> = scheme
        .visitor_products()
        .map(|b| (b.id.to_string(), b.name.clone()))
        .collect();
    let several_types = types.len() > 1;
    let durations: Vec<(String, String)> = match &scheme.stays {
        Some(stays) if stays.kind == StayKind::Duration => stays
            .durations_minutes
            .iter()
            .map(|m| (m.to_string(), minutes_label(*m)))
            .collect(),
        _ => Vec::new(),
    };
    let uses_durations = !durations.is_empty();
    let horizon = horizon_hint(&scheme, session.now());
    let (min, max, hint) = match horizon {
        Some((first, last, words)) => (first.to_string(), last.to_string(), words),
        None => (String::new(), String::new(), String::new()),
    };
    let scheme = StoredValue::new(scheme);
    let form = move || StayForm {
        vrm: vrm.get(),
        permit_type: permit_type.get(),
        start: date.get(),
        start_time: time.get(),
        duration_minutes: duration.get(),
    };
    let preview = move || form().parse(&scheme.read_value(), session.now()).ok();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = match form().parse(&scheme.read_value(), session.now()) {
            Ok((request, _)) => request,
            Err(found) => return errors.set(found),
        };
        let api = api.clone();
        submit_once(pending, async move {
            match api.book_stay(&request).await {
                Ok(stay) => {
                    errors.set(FormErrors::new());
                    booked.set(Some(stay));
                }
                Err(error) => errors.set(FormErrors::from_api(&error, StayForm::FIELDS)),
            }
        });
    };
    view! {
        {move || booked.get().map(|stay| view! {
            <div class="confirmation" role="status" id="stay-confirmation">
                <h2>"Visitor permit activated"</h2>
                <p>{format!("{} can park from {} until {}.", stay.vrm, display_instant(stay.start), display_end(stay.end))}</p>
                <p>{format!("Until {}", display_end(stay.end))}</p>
                <p><A href="/stays">"See your upcoming stays"</A>" · "<A href="/">"Main menu"</A></p>
            </div>
        })}
        <Show when=move || booked.get().is_none()>
            <ErrorSummary errors=errors/>
            <form on:submit=on_submit.clone() novalidate>
                <TextField id="vrm" label="Visitor's vehicle registration" value=vrm errors=errors
                    hint=Signal::derive(|| "For example AB12 CDE".to_owned())/>
                {several_types.then(|| {
                    let types = types.clone();
                    view! { <SelectField id="permit_type" label="Which visitor permit?" value=permit_type
                        errors=errors options=Signal::derive(move || types.clone())/> }
                })}
                <TextField id="start" label="Date the visit starts" value=date errors=errors kind="date"
                    min=Signal::derive({ let m = min.clone(); move || m.clone() })
                    max=Signal::derive({ let m = max.clone(); move || m.clone() })
                    hint=Signal::derive({ let h = hint.clone(); move || h.clone() })/>
                <TextField id="start_time" label="Time it starts" value=time errors=errors kind="time"/>
                {uses_durations.then(|| {
                    let durations = durations.clone();
                    view! { <SelectField id="duration_minutes" label="How long?" value=duration
                        errors=errors options=Signal::derive(move || durations.clone())
                        hint=Signal::derive(|| "A visitor permit lasts one day: a stay never runs past 23:59.".to_owned())/> }
                })}
                <div class="quote" aria-live="polite" id="stay-preview">
                    {move || preview().map(|(_, plan)| view! {
                        <p>{format!("{}.", stay_span(plan.start, plan.end))}</p>
                    })}
                </div>
                <SubmitButton id="activate-submit" label="Activate permit" pending_label="Activating…" pending=pending/>
            </form>
        </Show>
    }
}
