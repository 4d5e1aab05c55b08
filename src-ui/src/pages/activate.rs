//! Activate Visitor Permit: how many visitor permits are held (before anything is typed), then
//! VRM, permit type where there are several, the day (Today / Tomorrow / Another date) and
//! time, and the duration where the council uses them (ACT-1 to ACT-3).

use super::submit_once;
use crate::app::{use_api, use_session};
use crate::components::{
    DateInput, DayChoice, ErrorSummary, LoadError, Loading, RequireLogin, SelectField,
    SubmitButton, TextField, load,
};
use crate::format::{PermitsHeld, minutes_label, stay_span};
use crate::forms::{FormErrors, StartDay, StayForm, example_date, horizon_hint};
use crate::model::Stay;
use leptos::prelude::*;
use leptos_router::components::A;
use permit_rules::Scheme;
use permit_rules::scheme::StayKind;
use permit_rules::time::{display_end, display_instant, local_date};

#[component]
pub(crate) fn Activate() -> impl IntoView {
    let session = use_session();
    view! {
        <h1>"Activate Visitor Permit"</h1>
        <RequireLogin>
            {move || match session.scheme() {
                Some(scheme) if scheme.stays.is_some() => view! { <WithPermits scheme=scheme/> }.into_any(),
                _ => view! { <p class="notice">"Your council has no visitor permits to activate."</p> }.into_any(),
            }}
        </RequireLogin>
    }
}

/// The permits held come first: with none left the page says so and links to Buy instead of
/// showing a form that cannot succeed. When the count cannot be read (the app offline) the
/// form is shown and the service decides.
#[component]
fn WithPermits(scheme: Scheme) -> impl IntoView {
    let balance = load(|api| async move { api.visitor_balance().await });
    let scheme = StoredValue::new(scheme);
    move || match balance.get() {
        None => view! { <Loading what="Loading your visitor permits…"/> }.into_any(),
        Some(Ok(balances)) => {
            let held = PermitsHeld::of(&balances);
            if held.usable == 0 {
                view! {
                    <div class="notice" id="permits-left" role="status">
                        <p>{held.words()}</p>
                        <p><A href="/buy" attr:id="buy-permits">"Buy visitor permits"</A></p>
                    </div>
                }
                .into_any()
            } else {
                view! { <StayFor scheme=scheme.get_value() held=Some(held)/> }.into_any()
            }
        }
        Some(Err(error)) if error.ends_session() => view! { <LoadError error=error/> }.into_any(),
        Some(Err(_)) => view! { <StayFor scheme=scheme.get_value() held=None/> }.into_any(),
    }
}

#[component]
fn StayFor(scheme: Scheme, held: Option<PermitsHeld>) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let start = StayForm::starting(&scheme);
    let vrm = RwSignal::new(start.vrm);
    let permit_type = RwSignal::new(start.permit_type);
    let start_day = RwSignal::new(start.start_day);
    let date = DateInput::new();
    let time = RwSignal::new(start.start_time);
    let duration = RwSignal::new(start.duration_minutes);
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let booked = RwSignal::new(None::<Stay>);
    let left_after = RwSignal::new(None::<PermitsHeld>);
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
    let now = session.now();
    let date_hint = match horizon_hint(&scheme, now) {
        Some((_, _, words)) => format!("{}. {words}", example_date(local_date(now))),
        None => example_date(local_date(now)),
    };
    // A day's default time follows the day chosen, until something else is typed in it.
    let on_choose = move |day: StartDay| {
        let before = StartDay::parse(&start_day.get_untracked()).unwrap_or(StartDay::Today);
        if time.get_untracked() == before.default_time() {
            time.set(day.default_time().to_owned());
        }
    };
    let time_hint = Signal::derive(move || {
        if start_day.get() == StartDay::Today.as_str() {
            "Use the 24-hour clock, for example 09:30 or 14:00. Leave it blank to start now."
        } else {
            "Use the 24-hour clock, for example 09:30 or 14:00. 00:00 is the start of the day."
        }
        .to_owned()
    });
    let scheme = StoredValue::new(scheme);
    let form = move || StayForm {
        vrm: vrm.get(),
        permit_type: permit_type.get(),
        start_day: start_day.get(),
        day: date.day.get(),
        month: date.month.get(),
        year: date.year.get(),
        start_time: time.get(),
        duration_minutes: duration.get(),
    };
    let preview = move || form().parse(&scheme.read_value(), session.now()).ok();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = form();
        // "Now" is the moment of sending, not of opening the page.
        let request = match typed.parse(&scheme.read_value(), session.now()) {
            Ok((request, _)) => request,
            Err(found) => return errors.set(found),
        };
        let api = api.clone();
        submit_once(pending, async move {
            match api.book_stay(&request).await {
                Ok(stay) => {
                    let balances = api.visitor_balance().await;
                    left_after.set(balances.ok().map(|b| PermitsHeld::of(&b)));
                    errors.set(FormErrors::new());
                    booked.set(Some(stay));
                }
                Err(error) => errors.set(typed.server_error(&error)),
            }
        });
    };
    view! {
        {move || booked.get().map(|stay| view! {
            <div class="confirmation" role="status" id="stay-confirmation">
                <h2>"Visitor permit activated"</h2>
                <p>{format!("{} can park from {} until {}.", stay.vrm, display_instant(stay.start), display_end(stay.end))}</p>
                <p>{format!("Until {}", display_end(stay.end))}</p>
                {move || left_after.get().map(|left| view! {
                    <p id="permits-left">{format!("This visit used 1 visitor permit. {}", left.words())}</p>
                })}
                <p><A href="/stays">"See your upcoming stays"</A>" · "<A href="/">"Main menu"</A></p>
            </div>
        })}
        <Show when=move || booked.get().is_none()>
            {held.map(|held| view! {
                <p class="lede" id="permits-left">{format!("{} This visit uses 1.", held.words())}</p>
            })}
            <ErrorSummary errors=errors/>
            <form on:submit=on_submit.clone() novalidate>
                <TextField id="vrm" label="Visitor's vehicle registration" value=vrm errors=errors
                    hint=Signal::derive(|| "For example AB12 CDE".to_owned())/>
                {several_types.then(|| {
                    let types = types.clone();
                    view! { <SelectField id="permit_type" label="Which visitor permit?" value=permit_type
                        errors=errors options=Signal::derive(move || types.clone())/> }
                })}
                <DayChoice id="start" legend="When does the visit start?" choice=start_day date=date
                    errors=errors hint=date_hint.clone() on_choose=on_choose/>
                <TextField id="start_time" label="Time it starts" value=time errors=errors
                    autocomplete="off" hint=time_hint/>
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
