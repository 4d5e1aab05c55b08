//! Upcoming stays: a list and a week calendar, cancel while allowed with the deadline shown
//! (ACT-7) after a confirmation that names the stay and says whether its permit comes back,
//! and the app's saved copy with its sync time when offline.

use crate::app::{use_api, use_session};
use crate::components::{RequireLogin, load, loaded};
use crate::format::{
    CancelWords, cancel_deadline, day_heading, last_synced, stay_span, stay_times, week_of_stays,
};
use crate::model::{Stay, Stays};
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(crate) fn Upcoming() -> impl IntoView {
    let stays = load(|api| async move { api.upcoming_stays().await });
    // What the last cancellation did; outside the list, so reloading it keeps the banner.
    let banner = RwSignal::new(None::<String>);
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if banner.with(Option::is_some) {
            // After the banner is shown: a hidden element cannot take focus.
            request_animation_frame(move || {
                if let Some(el) = node.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
    });
    let done = move |words: String| {
        banner.set(Some(words));
        stays.refetch();
    };
    view! {
        <div node_ref=node class="confirmation" role="status" id="cancelled-banner" tabindex="-1"
            hidden=move || banner.with(Option::is_none)>
            <p>{move || banner.get()}</p>
        </div>
        <h1>"Upcoming stays"</h1>
        <RequireLogin>
            {loaded(stays, "Loading your stays…", move |found| {
                view! { <StayList stays=found done=done/> }.into_any()
            })}
        </RequireLogin>
    }
}

#[component]
fn StayList(stays: Stays, done: impl Fn(String) + Copy + Send + Sync + 'static) -> impl IntoView {
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
                    {stays.stays.iter().cloned().map(|stay| view! { <StayItem stay=stay offline=offline done=done/> }).collect_view()}
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
    done: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let now = session.now();
    let (allowed, deadline) = cancel_deadline(&stay, now);
    // The council's rule says whether the permit comes back (the service applies the same).
    let returns_permit = session
        .scheme()
        .and_then(|scheme| permit_rules::may_cancel_stay(&scheme, stay.start, now).ok())
        .map(|c| c.returns_permit);
    let words = CancelWords::new(&stay, returns_permit);
    let pending = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let question = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if asking.get()
            && let Some(el) = question.get()
        {
            let _ = el.focus();
        }
    });
    let id = stay.id.clone();
    let done_words = words.done.clone();
    let cancel = move |_| {
        let api = api.clone();
        let id = id.clone();
        let done_words = done_words.clone();
        super::submit_once(pending, async move {
            match api.cancel_stay(&id).await {
                Ok(()) => done(done_words),
                Err(error) => problem.set(Some(error.message)),
            }
        });
    };
    // Said after the visible "Cancel stay", so the button's name starts with what it shows
    // (WCAG 2.5.3: speech users say what they see) and still names the stay.
    let whose = format!(" for {}", stay.vrm);
    let CancelWords {
        question: asked,
        consequence,
        ..
    } = words;
    view! {
        <li class="stay">
            <p><strong>{stay.vrm.to_string()}</strong>" "{stay_span(stay.start, stay.end)}</p>
            // ACT-5: a texted stay counts only once its confirmation text has gone.
            {stay.awaiting_confirmation.then(|| view! {
                <p class="waiting" role="status"><strong class="tag">"Waiting for confirmation"</strong>
                    " We have not yet been able to send the confirmation text, so this stay is not active yet."</p>
            })}
            <p class="hint">{deadline}</p>
            {(allowed && !offline).then(|| view! {
                <Show when=move || !asking.get()>
                    <button type="button" class="button secondary cancel-stay"
                        on:click=move |_| asking.set(true)>
                        "Cancel stay"<span class="visually-hidden">{whose.clone()}</span>
                    </button>
                </Show>
                <Show when=move || asking.get()>
                    <div class="confirm-cancel">
                        <h2 node_ref=question tabindex="-1" class="confirm-question">{asked.clone()}</h2>
                        <p>{consequence.clone()}</p>
                        <div class="actions">
                            <button type="button" class="button warning confirm-cancel-stay"
                                disabled=move || pending.get() on:click=cancel.clone()>
                                {move || if pending.get() { "Cancelling…" } else { "Yes, cancel this visit" }}
                            </button>
                            <button type="button" class="button secondary keep-stay"
                                on:click=move |_| asking.set(false)>"No, keep it"</button>
                        </div>
                    </div>
                </Show>
            })}
            {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </li>
    }
}
