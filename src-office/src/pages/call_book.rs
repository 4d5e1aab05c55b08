//! Booking a stay for the caller (ACT-6, under ACT-1 to ACT-3): the VRM, then when the stay
//! starts and ends as typed UK dates and times, checked back with the caller before booking.
//! A day permit's stay ends at 23:59; where the council sells durations the end picks one. A
//! visit overlapping one of the same vehicle's asks the caller first (409 overlapping_stay).

use super::call::{CallError, CallGate, CallerBanner, call_href, use_call};
use super::{server_errors, submit_once};
use crate::api::Office;
use crate::app::{focus_after_render, use_session};
use crate::components::{DateTimeField, ErrorSummary, SubmitButton, TextField, TypedWhen};
use crate::forms::{Errors, StayTimes, TypedTime, parse_stay};
use leptos::prelude::*;
use leptos_router::components::A;
use permit_api_types::{AgentStayBooking, Stay};
use permit_rules::time::{display_end, display_instant, local_date};

const FIELDS: &[&str] = &["vrm", "start", "end"];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Question,
    Check { overlap: bool },
    Booked(Stay),
}

#[component]
pub(crate) fn CallBook() -> impl IntoView {
    view! { <CallGate><BookStay/></CallGate> }
}

fn typed(when: TypedWhen) -> (String, String, String, String) {
    (
        when.day.get_untracked(),
        when.month.get_untracked(),
        when.year.get_untracked(),
        when.time.get_untracked(),
    )
}

#[component]
fn BookStay() -> impl IntoView {
    let call = use_call();
    let today = local_date(use_session().now());
    let hint = format!("For example, {}", today.format("%-d %-m %Y"));
    let vrm = RwSignal::new(String::new());
    let start = TypedWhen::new();
    let end = TypedWhen::new();
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let step = RwSignal::new(Step::Question);
    let parsed = RwSignal::new(None::<StayTimes>);
    let failure = RwSignal::new(None::<crate::api::ApiError>);

    let on_continue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (s, e) = (typed(start), typed(end));
        fn at(t: &(String, String, String, String)) -> TypedTime<'_> {
            TypedTime {
                day: &t.0,
                month: &t.1,
                year: &t.2,
                time: &t.3,
            }
        }
        match parse_stay(&vrm.get_untracked(), at(&s), at(&e)) {
            Ok(stay) => {
                errors.set(Errors::new());
                parsed.set(Some(stay));
                step.set(Step::Check { overlap: false });
                focus_after_render("main h1");
            }
            Err(found) => errors.set(found),
        }
    };
    let book = {
        let call_id = call.id.clone();
        move |confirm_overlap: bool| {
            let Some(stay) = parsed.get_untracked() else {
                return;
            };
            let call_id = call_id.clone();
            submit_once(pending, async move {
                let booking = AgentStayBooking {
                    vrm: stay.vrm,
                    permit_type: None,
                    start: stay.start,
                    end: stay.end,
                    non_uk_plate: false,
                    confirm_overlap,
                };
                match Office.book_for_caller(&call_id, &booking).await {
                    Ok(stay) => {
                        step.set(Step::Booked(stay));
                        focus_after_render("main h1");
                    }
                    Err(error) if error.code == "overlapping_stay" => {
                        step.set(Step::Check { overlap: true });
                        focus_after_render("#overlap");
                    }
                    Err(error) if error.status == 404 || error.status == 401 => {
                        failure.set(Some(error))
                    }
                    Err(error) => {
                        // The rules' refusal, by the field it names, back on the question page.
                        errors.set(server_errors(&error, FIELDS));
                        step.set(Step::Question);
                    }
                }
            });
        }
    };
    let change = move |_| {
        step.set(Step::Question);
        focus_after_render("main h1");
    };
    let back = call_href(&call, "");
    let question = {
        let back = back.clone();
        move || {
            view! {
                <ErrorSummary errors=errors/>
                <span class="caption">"Phone console"</span>
                <h1>"Book a stay for the caller"</h1>
                <form on:submit=on_continue novalidate class="narrow">
                    <TextField id="vrm" label="Vehicle registration" value=vrm errors=errors
                        autocomplete="off" hint="The visitor's number plate, like AB12 CDE."/>
                    <DateTimeField id="start" legend="When does the stay start?" typed=start
                        errors=errors hint=hint.clone() time_hint="UK time, like 09:30 or 2pm."/>
                    <DateTimeField id="end" legend="When does the stay end?" typed=end
                        errors=errors hint=hint.clone()
                        time_hint="A day permit's stay ends at 23:59 on its day."/>
                    <div class="actions">
                        <button type="submit" class="button" id="continue">"Continue"</button>
                        <A href=back.clone() attr:id="back-from-book">"Back to the call"</A>
                    </div>
                </form>
            }
        }
    };
    let check = {
        let book = book.clone();
        move |overlap: bool| {
            let stay = parsed.get_untracked();
            let (vrm, from, to) = stay
                .map(|s| (s.vrm, display_instant(s.start), display_end(s.end)))
                .unwrap_or_default();
            let book_now = book.clone();
            let book_anyway = book.clone();
            view! {
                <span class="caption">"Phone console"</span>
                <h1>"Check the stay with the caller"</h1>
                <dl class="summary-list" id="check-answers">
                    <div class="summary-row"><dt>"Vehicle"</dt><dd>{vrm}</dd>
                        <dd><button type="button" class="link-button" on:click=change>"Change"<span class="visually-hidden">" vehicle"</span></button></dd></div>
                    <div class="summary-row"><dt>"Starts"</dt><dd>{from}</dd>
                        <dd><button type="button" class="link-button" on:click=change>"Change"<span class="visually-hidden">" start"</span></button></dd></div>
                    <div class="summary-row"><dt>"Ends"</dt><dd>{to}</dd>
                        <dd><button type="button" class="link-button" on:click=change>"Change"<span class="visually-hidden">" end"</span></button></dd></div>
                </dl>
                {if overlap {
                    view! {
                        <div class="notice" id="overlap" tabindex="-1" role="alert">
                            <h2>"This vehicle already has a visit at an overlapping time"</h2>
                            <p>"Ask the caller whether to book it anyway. It uses another permit."</p>
                        </div>
                        <div class="actions">
                            <button type="button" class="button" id="book-anyway" disabled=move || pending.get()
                                on:click=move |_| book_anyway(true)>"Book it anyway"</button>
                            <button type="button" class="button secondary" on:click=change>"Change the stay"</button>
                        </div>
                    }
                    .into_any()
                } else {
                    view! {
                        <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); book_now(false); } novalidate>
                            <SubmitButton id="book" label="Book stay" pending_label="Booking…" pending=pending/>
                        </form>
                    }
                    .into_any()
                }}
            }
        }
    };
    view! {
        <CallerBanner/>
        {move || failure.get().map(|error| view! { <CallError error=error/> })}
        {move || match step.get() {
            Step::Question => question.clone()().into_any(),
            Step::Check { overlap } => check.clone()(overlap).into_any(),
            Step::Booked(stay) => view! {
                <div class="panel" id="booked">
                    <h1>"Stay booked"</h1>
                    <p class="panel-body">{format!("{}: {} to {}", stay.vrm, display_instant(stay.starts_at), display_end(stay.ends_at))}</p>
                </div>
                <p>"Tell the caller the stay is booked. It shows in their app and in enforcement checks."</p>
                <p><A href=back.clone() attr:id="back-to-call">"Back to the call"</A></p>
            }
            .into_any(),
        }}
    }
}
