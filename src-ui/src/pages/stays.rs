//! Upcoming stays: a list and a week calendar, cancel while allowed with the deadline shown
//! (ACT-7) after a confirmation that names the stay and says whether its permit comes back,
//! and the app's saved copy with its sync time when offline. Past stays are in `past_stays`.

use crate::app::{use_api, use_session};
use crate::components::{RequireLogin, Shared, calendar_href, load, loaded, share, show_when};
use crate::format::{
    CancelWords, PermitsHeld, ShareWords, book_again_href, cancel_deadline, day_heading,
    horizon_of_stays, last_synced, permits_used, share_words, stay_span, stay_times,
};
use crate::model::{CalendarFile, Stay, Stays};
use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use permit_rules::time::display_date;

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
    // Offline (issue 19): the browser shows its copy, or the app its saved stays.
    let session = use_session();
    let offline = move || {
        session.offline.get().is_some() || matches!(stays.get(), Some(Ok(found)) if found.offline)
    };
    view! {
        <div node_ref=node class="confirmation" role="status" id="cancelled-banner" tabindex="-1"
            hidden=move || banner.with(Option::is_none)>
            <p>{move || banner.get()}</p>
        </div>
        <h1>"Upcoming stays"</h1>
        {move || if offline() {
            // As the menu does offline: the entry without its link, saying why.
            view! { <p id="past-stays-offline"><strong>"Past stays"</strong>
                " – you are offline: past stays need a connection to the permit service."</p> }.into_any()
        } else {
            view! { <p><a href="/stays/past" id="past-stays-link">"Past stays"</a>" – book a visitor again"</p> }.into_any()
        }}
        // Issue 19: read from the browser's offline copy when the service is out of reach.
        <RequireLogin works_offline=true>
            {loaded(stays, "Loading your stays…", move |found| {
                view! { <StayList stays=found done=done/> }.into_any()
            })}
        </RequireLogin>
    }
}

#[component]
fn StayList(stays: Stays, done: impl Fn(String) + Copy + Send + Sync + 'static) -> impl IntoView {
    let offline = stays.offline;
    // The browser says it above every page already (issue 19).
    let banner = offline && use_session().offline.get_untracked().is_none();
    view! {
        {banner.then(|| view! {
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
        <Fortnight stays=stays.stays.clone() offline=offline/>
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
    crate::app::focus_question_when_asked(asking, question);
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
    let whose = format!(" for {}", stay.vrm.shown());
    let again_label = whose.clone();
    let CancelWords {
        question: asked,
        consequence,
        ..
    } = words;
    view! {
        <li class="stay">
            <p><strong>{stay.vrm.shown()}</strong>" "{stay_span(stay.start, stay.end)}</p>
            // ACT-5: a texted stay counts only once its confirmation text has gone.
            {stay.awaiting_confirmation.then(|| view! {
                <p class="waiting" role="status"><strong class="tag">"Waiting for confirmation"</strong>
                    " We have not yet been able to send the confirmation text, so this stay is not active yet."</p>
            })}
            <p class="hint">{deadline}</p>
            <p class="stay-actions">
                {if offline {
                    // Disabled like Cancel stay, with the same reason next to it.
                    view! { <button type="button" class="button secondary book-again offline-disabled" disabled
                        aria-describedby=offline_reason_id(&stay.id)>"Book again"<span class="visually-hidden">{again_label}</span></button> }.into_any()
                } else {
                    view! { <a href=book_again_href(&stay) class="book-again">"Book again"<span class="visually-hidden">{again_label}</span></a> }.into_any()
                }}
            </p>
            <StayExtras stay=stay.clone() offline=offline/>
            {(allowed && !offline).then(|| view! {
                {show_when(move || !asking.get(), move || view! {
                    <button type="button" class="button secondary cancel-stay"
                        on:click=move |_| asking.set(true)>
                        "Cancel stay"<span class="visually-hidden">{whose.clone()}</span>
                    </button>
                }.into_any())}
                {show_when(move || asking.get(), move || view! {
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
                }.into_any())}
            })}
            {offline.then(|| view! { <OfflineCancel id=stay.id.clone() cancellable=allowed/> })}
            {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </li>
    }
}

/// The id of a stay's "You are offline" reason, which its disabled buttons point to.
fn offline_reason_id(stay_id: &str) -> String {
    format!("offline-reason-{stay_id}")
}

/// Offline (issue 19): Cancel stay disabled, and why, next to it.
#[component]
fn OfflineCancel(id: String, cancellable: bool) -> impl IntoView {
    let reason = offline_reason_id(&id);
    view! {
        {cancellable.then(|| view! {
            <button type="button" class="button secondary cancel-stay offline-disabled" disabled
                aria-describedby=reason.clone()>"Cancel stay"</button>
        })}
        <p class="hint offline-reason" id=reason>
            "You are offline: cancelling a stay or booking again needs a connection to the permit service."
        </p>
    }
}

/// Issue 18: today to the end of the booking horizon (ACT-1: 14 days ahead), each day with its
/// stays and how many permits they use, and the permits left to book more: a resident plans
/// a visit from it. A list of days on a phone, a grid on a desktop.
#[component]
fn Fortnight(stays: Vec<Stay>, offline: bool) -> impl IntoView {
    let session = use_session();
    let now = session.now();
    let horizon = session
        .scheme()
        .and_then(|scheme| scheme.stays.map(|s| s.horizon_days))
        .unwrap_or(14);
    let days = horizon_of_stays(&stays, now, horizon);
    let last = days
        .last()
        .map(|(day, _)| display_date(*day))
        .unwrap_or_default();
    let balance = load(|api| async move { api.visitor_balance().await });
    let left = move || {
        balance
            .get()
            .and_then(Result::ok)
            .map(|b| PermitsHeld::of(&b).words())
    };
    view! {
        <h2 id="calendar-heading">"The next 14 days"</h2>
        <p class="hint" id="calendar-hint">{format!("Today to {last}: the days you can book a visit for.")}</p>
        {move || (!offline).then(left).flatten().map(|words| view! {
            <p id="calendar-left"><strong>{format!("{words} Each day of a visit uses one.")}</strong></p>
        })}
        <ol class="calendar" id="calendar" aria-labelledby="calendar-heading">
            {days.into_iter().map(|(day, on_day)| view! {
                <li class="day" class:booked=!on_day.is_empty()>
                    <h3>{day_heading(day)}</h3>
                    <p class="used">{permits_used(on_day.len())}</p>
                    {(!on_day.is_empty()).then(|| view! {
                        <ul>{on_day.iter().map(|s| view! {
                            <li>{format!("{} {}", s.vrm.shown(), stay_times(s))}</li>
                        }).collect_view()}</ul>
                    })}
                </li>
            }).collect_view()}
        </ol>
    }
}

/// Issue 18: the stay's calendar file (made by the service) and a confirmation to send the
/// visitor (the share sheet, else the clipboard, else the words to copy).
#[component]
fn StayExtras(stay: Stay, offline: bool) -> impl IntoView {
    let api = use_api();
    let session = use_session();
    let zone = session
        .me
        .get_untracked()
        .and_then(|me| me.registration)
        .map(|r| r.property.zone);
    let council = session.scheme().map(|s| s.name).unwrap_or_default();
    let ShareWords { title, text } = share_words(&stay, zone.as_deref(), &council);
    let file = RwSignal::new(None::<Result<CalendarFile, String>>);
    let shared = RwSignal::new(None::<Shared>);
    let pending = RwSignal::new(false);
    let file_name = format!(
        "visit-{}-{}.ics",
        stay.vrm.as_str(),
        permit_rules::time::local_date(stay.start)
    );
    let id = StoredValue::new(stay.id.clone());
    let download = move |_| {
        let api = api.clone();
        super::submit_once(pending, async move {
            let answer = api.stay_calendar(&id.get_value()).await;
            file.set(Some(answer.map_err(|e| e.message)));
            // The link appears with the file in it; following it saves the file at once.
            request_animation_frame(move || {
                let link = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&format!("ics-{}", id.get_value())));
                if let Some(link) = link
                    .and_then(|l| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(l).ok())
                {
                    link.click();
                }
            });
        });
    };
    let words = StoredValue::new((title, text));
    let on_share = move |_| {
        let (title, text) = words.get_value();
        leptos::task::spawn_local(async move {
            shared.set(Some(share(&title, &text).await));
        });
    };
    let link_id = format!("ics-{}", stay.id);
    view! {
        <div class="stay-extras">
            {(!offline).then(|| view! {
                <button type="button" class="button secondary download-ics" disabled=move || pending.get()
                    on:click=download.clone()>"Add to your calendar"<span class="visually-hidden">{format!(" ({file_name})")}</span></button>
            })}
            <button type="button" class="button secondary share-stay" on:click=on_share>"Share with your visitor"</button>
            {move || file.get().map(|answer| match answer {
                Ok(CalendarFile::Text(ics)) => view! {
                    <p class="hint"><a id=link_id.clone() class="ics-link" href=calendar_href(&ics) download=file_name.clone()>
                        {format!("Save {file_name}")}</a>" (a calendar file)"</p>
                }.into_any(),
                // The app saved it itself: say where, so the resident can open it.
                Ok(CalendarFile::Saved { file_name, path }) => view! {
                    <p class="hint ics-saved" role="status">{format!("Saved {file_name} (a calendar file) at {path}.")}</p>
                }.into_any(),
                Err(message) => view! { <p class="field-error" role="alert">{message}</p> }.into_any(),
            })}
            <div class="share-status" role="status" aria-live="polite">
                {move || shared.get().map(|how| match how {
                    Shared::Sheet => view! { <p>"Shared."</p> }.into_any(),
                    Shared::Copied => view! { <p class="copied">"Copied. Paste it into a message to your visitor."</p> }.into_any(),
                    Shared::ToCopy => {
                        let (_, text) = words.get_value();
                        view! {
                            <p>"Copy this and send it to your visitor:"</p>
                            <pre class="share-text">{text}</pre>
                        }.into_any()
                    }
                })}
            </div>
        </div>
    }
}
