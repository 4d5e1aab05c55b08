//! Activate Visitor Permit: how many visitor permits are held (before anything is typed), then
//! VRM (or, by choice, a plate that is not a UK registration), permit type where there are
//! several, the day (Today / Tomorrow / Another date) and time, the duration where the council
//! uses them (ACT-1 to ACT-3), and how many days where its whole-day permits allow a multi-day
//! visit (issue 13). A car that already has a visit then is asked about first (issue 14).

use super::submit_once;
use crate::app::{use_api, use_session};
use crate::components::{
    CheckboxField, DateInput, DayChoice, ErrorSummary, LoadError, Loading, RequireLogin,
    SelectField, SubmitButton, TextField, load, reactive, show_when,
};
use crate::format::{PermitsHeld, minutes_label, stay_span};
use crate::forms::{FormErrors, StartDay, StayForm, example_date, horizon_hint};
use crate::model::SavedVehicle;
use crate::model::{BookStay, Stay};
use leptos::html;
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
    reactive(move || match balance.get() {
        None => view! { <Loading what="Loading your visitor permits…"/> }.into_any(),
        Some(Ok(balances)) => {
            let held = PermitsHeld::of(&balances);
            if held.usable == 0 {
                view! {
                    <div class="notice" id="permits-left" role="status">
                        <p>{held.words()}</p>
                        <p><a href="/buy" id="buy-permits">"Buy visitor permits"</a></p>
                    </div>
                }
                .into_any()
            } else {
                view! { <StayFor scheme=scheme.get_value() held=Some(held)/> }.into_any()
            }
        }
        Some(Err(error)) if error.ends_session() => view! { <LoadError error=error/> }.into_any(),
        Some(Err(_)) => view! { <StayFor scheme=scheme.get_value() held=None/> }.into_any(),
    })
}

#[component]
fn StayFor(scheme: Scheme, held: Option<PermitsHeld>) -> impl IntoView {
    let api = StoredValue::new(use_api());
    let session = use_session();
    let start = StayForm::starting(&scheme);
    let vrm = RwSignal::new(start.vrm);
    let permit_type = RwSignal::new(start.permit_type);
    let start_day = RwSignal::new(start.start_day);
    let date = DateInput::new();
    let time = RwSignal::new(start.start_time);
    let duration = RwSignal::new(start.duration_minutes);
    let days = RwSignal::new(start.days);
    let non_uk = RwSignal::new(false);
    let save_vehicle = RwSignal::new(start.save_vehicle);
    let saved = load(|api| async move { api.saved_vehicles().await });
    // "Book again" (issue 18): the vehicle, time of day and duration of an earlier stay come
    // in the page's query; the resident picks the date.
    let again = Again::from_query();
    if let Some(again) = &again {
        vrm.set(again.typed());
        non_uk.set(again.non_uk);
        start_day.set(StartDay::Other.as_str().to_owned());
        if let Some(t) = &again.time {
            time.set(t.clone());
        }
        if let Some(t) = &again.permit_type {
            permit_type.set(t.clone());
        }
    }
    // The server's question about an overlapping visit, and the booking it is about.
    let overlap = RwSignal::new(None::<(String, BookStay)>);
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
    let max_days = match &scheme.stays {
        Some(stays) if stays.kind == StayKind::WholeDay && stays.max_visit_days > 1 => {
            Some(stays.max_visit_days)
        }
        _ => None,
    };
    // Only what this council's form asks for: a length where it sells durations, days where
    // its whole-day permits allow a multi-day visit.
    if let Some(again) = &again {
        if let Some(d) = again
            .duration
            .as_ref()
            .filter(|d| durations.iter().any(|(v, _)| v == *d))
        {
            duration.set(d.clone());
        }
        if let Some(d) = again.days.as_ref().filter(|_| max_days.is_some()) {
            days.set(d.clone());
        }
    }
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
        days: days.get(),
        non_uk: non_uk.get(),
        save_vehicle: save_vehicle.get(),
    };
    let preview = move || form().parse(&scheme.read_value(), session.now()).ok();
    // Sends the booking; an overlap comes back as the question to ask (409 overlapping_stay).
    let send = move |request: BookStay, typed: StayForm| {
        let api = api.get_value();
        submit_once(pending, async move {
            match api.book_stay(&request).await {
                Ok(stay) => {
                    let balances = api.visitor_balance().await;
                    left_after.set(balances.ok().map(|b| PermitsHeld::of(&b)));
                    errors.set(FormErrors::new());
                    overlap.set(None);
                    booked.set(Some(stay));
                }
                Err(error) if error.code == "overlapping_stay" => {
                    errors.set(FormErrors::new());
                    overlap.set(Some((error.message, request)));
                }
                Err(error) => {
                    overlap.set(None);
                    errors.set(typed.server_error(&error));
                }
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = form();
        // "Now" is the moment of sending, not of opening the page.
        match typed.parse(&scheme.read_value(), session.now()) {
            Ok((request, _)) => send(request, typed),
            Err(found) => {
                overlap.set(None);
                errors.set(found);
            }
        }
    };
    let book_another = move |_| {
        if let Some((_, request)) = overlap.get_untracked() {
            let confirmed = BookStay {
                confirm_overlap: true,
                ..request
            };
            send(confirmed, form());
        }
    };
    let question = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if overlap.with(Option::is_some)
            && let Some(el) = question.get()
        {
            let _ = el.focus();
        }
    });
    view! {
        {move || booked.get().map(|stay| view! {
            <div class="confirmation" role="status" id="stay-confirmation">
                <h2>"Visitor permit activated"</h2>
                {
                    let (end, used) = stay.visit.as_ref().map_or((stay.end, 1), |v| (v.end, v.days));
                    let span = stay.visit.as_ref().map(|v| format!(" That is {} days, one visitor permit a day.", v.days));
                    view! {
                        <p>{format!("{} can park from {} until {}.{}", stay.vrm.shown(), display_instant(stay.start), display_end(end), span.unwrap_or_default())}</p>
                        <p>{format!("Until {}", display_end(end))}</p>
                        {move || left_after.get().map(|left| view! {
                            <p id="permits-left">{format!("This visit used {}. {}", permits_word(used), left.words())}</p>
                        })}
                    }
                }
                <p><A href="/stays">"See your upcoming stays"</A>" · "<A href="/">"Main menu"</A></p>
            </div>
        })}
        {move || overlap.get().map(|(asked, _)| view! {
            <div class="question" id="overlap-question" role="group" aria-labelledby="overlap-heading">
                <h2 id="overlap-heading" tabindex="-1" node_ref=question>{asked}</h2>
                <p>"Booking it uses another visitor permit."</p>
                <div class="button-group">
                    <button type="button" class="button" id="overlap-yes" disabled=move || pending.get()
                        on:click=book_another>"Yes, book another visit"</button>
                    <button type="button" class="button secondary" id="overlap-no"
                        on:click=move |_| overlap.set(None)>"No, do not book it"</button>
                </div>
            </div>
        })}
        {show_when(move || booked.get().is_none() && overlap.with(Option::is_none), move || view! {
            {held.map(|held| view! {
                <p class="lede" id="permits-left">{move || {
                    let uses = days.get().trim().parse::<u32>().ok().filter(|d| *d >= 1).unwrap_or(1);
                    format!("{} This visit uses {uses}.", held.words())
                }}</p>
            })}
            {again.as_ref().map(|a| view! {
                <div class="notice" role="status" id="book-again"><p>{a.words()}</p></div>
            })}
            <ErrorSummary errors=errors/>
            <form on:submit=on_submit novalidate>
                {move || saved.get().and_then(Result::ok).filter(|list| !list.is_empty()).map(|list| view! {
                    <SavedChoice list=list vrm=vrm non_uk=non_uk/>
                })}
                <TextField id="vrm" label="Visitor's vehicle registration" value=vrm errors=errors
                    hint=Signal::derive(|| "For example AB12 CDE".to_owned())/>
                <CheckboxField id="non_uk" label="This is not a UK registration" checked=non_uk
                    hint="For a vehicle registered abroad: enter the letters and numbers on its plate."/>
                <CheckboxField id="save_vehicle" label="Save this vehicle for next time" checked=save_vehicle
                    hint="It is then offered here with one tap. Name, rename or delete it under Account, Saved vehicles."/>
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
                {max_days.map(|max| view! {
                    <TextField id="days" label="How many days?" value=days errors=errors inputmode="numeric"
                        autocomplete="off"
                        hint=Signal::derive(move || format!("1 to {max} days in a row, one visitor permit a day. Leave it blank for one day."))/>
                })}
                <div class="quote" aria-live="polite" id="stay-preview">
                    {move || preview().map(|(_, plan)| view! {
                        <p>{format!("{}.", stay_span(plan.start, plan.end))}</p>
                    })}
                </div>
                <SubmitButton id="activate-submit" label="Activate permit" pending_label="Activating…" pending=pending/>
            </form>
        }.into_any())}
    }
}

/// "1 visitor permit", "3 visitor permits".
fn permits_word(count: u32) -> String {
    match count {
        1 => "1 visitor permit".to_owned(),
        n => format!("{n} visitor permits"),
    }
}

/// Issue 18: the saved vehicles, each one tap (a button, so keyboard users reach each with Tab
/// and press it with Enter or Space) filling in the registration; the one chosen is pressed.
#[component]
fn SavedChoice(
    list: Vec<SavedVehicle>,
    vrm: RwSignal<String>,
    non_uk: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <fieldset class="field saved-vehicles" id="saved-vehicles" aria-describedby="saved-vehicles-hint">
            <legend>"Choose a saved vehicle"</legend>
            <p class="hint" id="saved-vehicles-hint">"Or type the registration below. "
                <A href="/account/vehicles">"Change your saved vehicles"</A></p>
            <div class="vehicle-choices">
                {list.into_iter().map(|vehicle| {
                    let typed = vehicle.typed();
                    let foreign = !vehicle.plate.is_uk();
                    let compact = vehicle.plate.as_str().to_owned();
                    let chosen = move || {
                        permit_rules::Plate::parse(&vrm.get(), non_uk.get())
                            .is_ok_and(|p| p.as_str() == compact)
                    };
                    view! {
                        <button type="button" class="button secondary choose-vehicle"
                            aria-pressed=move || if chosen() { "true" } else { "false" }
                            on:click=move |_| {
                                vrm.set(typed.clone());
                                non_uk.set(foreign);
                            }>{vehicle.label()}</button>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// "Book again" (issue 18): what an earlier stay's link carries.
#[derive(Debug, Clone)]
struct Again {
    vrm: String,
    non_uk: bool,
    time: Option<String>,
    duration: Option<String>,
    days: Option<String>,
    permit_type: Option<String>,
}

impl Again {
    fn from_query() -> Option<Self> {
        let query = leptos_router::hooks::use_query_map().get_untracked();
        let vrm = query.get("vrm").filter(|v| !v.trim().is_empty())?;
        Some(Self {
            vrm,
            non_uk: query.get("non_uk").is_some_and(|v| v == "1"),
            time: query.get("time"),
            duration: query.get("duration"),
            days: query.get("days"),
            permit_type: query.get("type"),
        })
    }

    /// The plate as the registration field shows it: a UK one spaced as printed.
    fn typed(&self) -> String {
        match permit_rules::Plate::parse(&self.vrm, self.non_uk) {
            Ok(permit_rules::Plate::Uk(vrm)) => vrm.spaced(),
            _ => self.vrm.clone(),
        }
    }

    fn words(&self) -> String {
        let plate = permit_rules::Plate::parse(&self.vrm, self.non_uk)
            .map_or_else(|_| self.vrm.clone(), |p| p.shown());
        format!(
            "Booking again for {plate}, with the same time and length. Choose the date the visit starts."
        )
    }
}
