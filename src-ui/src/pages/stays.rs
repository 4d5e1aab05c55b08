//! Upcoming stays: a list and a week calendar, cancel while allowed with the deadline shown
//! (ACT-7), and the app's saved copy with its sync time when offline.

use crate::app::{use_api, use_session};
use crate::components::{RequireLogin, load, loaded};
use crate::format::{
    cancel_deadline, day_heading, last_synced, stay_span, stay_times, week_of_stays,
};
use crate::model::{Stay, Stays};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(crate) fn Upcoming() -> impl IntoView {
    let stays = load(|api| async move { api.upcoming_stays().await });
    view! {
        <h1>"Upcoming stays"</h1>
        <RequireLogin>
            {loaded(stays, "Loading your stays…", move |found| {
                view! { <StayList stays=found reload=move || stays.refetch()/> }.into_any()
            })}
        </RequireLogin>
    }
}

#[component]
fn StayList(stays: Stays, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let session = use_session();
    let now = session.now();
    let offline = stays.offline;
    let week = week_of_stays(&stays.stays, now);
    view! {
        {offline.then(|| view! {
            <div class="notice offline" role="status" id="offline-banner"><p>{last_synced(stays.last_synced)}</p></div>
        })}
        {if stays.stays.is_empty() {
            view! { <p id="no-stays">"No stays booked. "<A href="/activate">"Activate a visitor permit"</A></p> }.into_any()
        } else {
            view! {
                <ul class="stays" id="stay-list">
                    {stays.stays.iter().cloned().map(|stay| view! { <StayItem stay=stay offline=offline reload=reload/> }).collect_view()}
                </ul>
            }.into_any()
        }}
        <h2>"This week"</h2>
        <ol class="week" aria-label="The next seven days">
            {week.into_iter().map(|(day, on_day)| view! {
                <li class="day">
                    <h3>{day_heading(day)}</h3>
                    {if on_day.is_empty() {
                        view! { <p class="empty">"No stays"</p> }.into_any()
                    } else {
                        view! { <ul>{on_day.iter().map(|s| view! {
                            <li>{format!("{} {}", s.vrm, stay_times(s))}</li>
                        }).collect_view()}</ul> }.into_any()
                    }}
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
fn StayItem(
    stay: Stay,
    offline: bool,
    reload: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let (allowed, deadline) = cancel_deadline(&stay, session.now());
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let id = stay.id.clone();
    let cancel = move |_| {
        let api = api.clone();
        let id = id.clone();
        super::submit_once(pending, async move {
            match api.cancel_stay(&id).await {
                Ok(()) => reload(),
                Err(error) => problem.set(Some(error.message)),
            }
        });
    };
    let label = format!("Cancel the stay for {}", stay.vrm);
    view! {
        <li class="stay">
            <p><strong>{stay.vrm.to_string()}</strong>" "{stay_span(stay.start, stay.end)}</p>
            <p class="hint">{deadline}</p>
            {(allowed && !offline).then(|| view! {
                <button type="button" class="button secondary cancel-stay" aria-label=label.clone()
                    disabled=move || pending.get() on:click=cancel.clone()>
                    {move || if pending.get() { "Cancelling…" } else { "Cancel stay" }}
                </button>
            })}
            {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </li>
    }
}
