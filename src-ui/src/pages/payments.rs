//! Payment History: every purchase and refund with its short reference (as on the
//! confirmation), date and status (VP-7); one card per payment on a phone.

use crate::components::{RequireLogin, load, loaded};
use crate::format::short_reference;
use leptos::prelude::*;
use permit_rules::time::display_instant;

#[component]
pub(crate) fn History() -> impl IntoView {
    let payments = load(|api| async move { api.payments().await });
    view! {
        <h1>"Payment History"</h1>
        <RequireLogin>
            {loaded(payments, "Loading your payments…", |found| if found.is_empty() {
                view! { <p id="no-payments">"No payments yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table id="payments" class="cards" role="table">
                            <caption class="visually-hidden">"Your payments, newest first"</caption>
                            <thead role="rowgroup"><tr role="row">
                                <th scope="col" role="columnheader">"Reference"</th>
                                <th scope="col" role="columnheader">"Date"</th>
                                <th scope="col" role="columnheader">"What"</th>
                                <th scope="col" role="columnheader">"Amount"</th>
                                <th scope="col" role="columnheader">"Refunded"</th>
                                <th scope="col" role="columnheader">"Status"</th></tr></thead>
                            <tbody role="rowgroup">
                                {found.into_iter().map(|p| {
                                    let refunded = (p.refunded.0 > 0).then(|| match p.refund_note {
                                        Some(note) => format!("{} ({note})", p.refunded),
                                        None => p.refunded.to_string(),
                                    });
                                    view! { <tr role="row">
                                        <td role="cell" data-label="Reference" class="reference">{short_reference(&p.id)}</td>
                                        <td role="cell" data-label="Date">{display_instant(p.at)}</td>
                                        <td role="cell" data-label="What">{p.description}</td>
                                        <td role="cell" data-label="Amount">{p.amount.to_string()}</td>
                                        <td role="cell" data-label="Refunded">{refunded.unwrap_or_else(|| "none".into())}</td>
                                        <td role="cell" data-label="Status">{p.status.replace('_', " ")}</td>
                                    </tr> }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
        </RequireLogin>
    }
}
