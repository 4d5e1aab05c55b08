//! GOV.UK "Check your answers" and the confirmation panel: the last look before an action
//! that cannot be taken back (paying), and what the resident keeps afterwards (the
//! reference). Shared by every flow that pays, wherever the card is taken.

use crate::forms::Answer;
use leptos::prelude::*;

/// The answers as a summary list, each with a Change button that returns to its field.
#[component]
pub(crate) fn CheckAnswers(
    answers: Vec<Answer>,
    on_change: impl Fn(&'static str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let rows = answers
        .into_iter()
        .map(|answer| {
            let change = answer.field.map(|field| {
                // Keys are this crate's English labels: ASCII lowercasing is the same, without
                // the Unicode case tables in the wasm.
                let what = answer.key.to_ascii_lowercase();
                view! {
                    <dd class="summary-actions">
                        <button type="button" class="link-button change" id=format!("change-{field}")
                            on:click=move |_| on_change(field)>
                            "Change"<span class="visually-hidden">{format!(" {what}")}</span>
                        </button>
                    </dd>
                }
            });
            view! {
                <div class="summary-row">
                    <dt>{answer.key}</dt>
                    <dd>{answer.value}</dd>
                    {change}
                </div>
            }
        })
        .collect_view();
    view! { <dl class="summary-list" id="answers">{rows}</dl> }
}

/// The green confirmation panel: the page's heading and the short reference to quote.
#[component]
pub(crate) fn ConfirmationPanel(
    title: &'static str,
    reference: String,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="panel" id=id>
            <h1>{title}</h1>
            <p class="panel-body">"Your reference"<br/><strong class="reference">{reference}</strong></p>
        </div>
    }
}
