//! Payment History: every purchase and refund with its date and status (VP-7).

use crate::components::{RequireLogin, load, loaded};
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
                        <table id="payments">
                            <caption class="visually-hidden">"Your payments, newest first"</caption>
                            <thead><tr><th scope="col">"Date"</th><th scope="col">"What"</th>
                                <th scope="col">"Amount"</th><th scope="col">"Refunded"</th>
                                <th scope="col">"Status"</th></tr></thead>
                            <tbody>
                                {found.into_iter().map(|p| {
                                    let refunded = (p.refunded.0 > 0).then(|| p.refunded.to_string());
                                    view! { <tr>
                                        <td>{display_instant(p.at)}</td><td>{p.description}</td>
                                        <td>{p.amount.to_string()}</td><td>{refunded.unwrap_or_else(|| "none".into())}</td>
                                        <td>{p.status.replace('_', " ")}</td>
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
