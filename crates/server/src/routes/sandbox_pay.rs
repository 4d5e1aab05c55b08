//! The sandbox's hosted payment page (issue 16), standing in for GOV.UK Pay's in demos and
//! tests only: mounted only where the sandbox may run (`--demo`, or `[payments] sandbox`).
//! Plain HTML that works without JavaScript, clearly marked as a test; its test cards are the
//! sandbox's (`payments.rs`). Paying, a declined card or Cancel sends the payer back to the
//! service's return URL, as GOV.UK Pay does; the service then reads the payment's state.

use super::plain_page::escape;
use crate::extract::Path;
use crate::payments::provider::PaymentState;
use crate::payments::sandbox_hosted::{HostedView, page_path};
use crate::payments::{SANDBOX_CARD_DECLINED, SANDBOX_CARD_FAILS, SANDBOX_CARD_OK};
use crate::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/sandbox-pay/{id}", get(page).post(pay))
        .route("/sandbox-pay/{id}/cancel", get(cancel))
}

#[tracing::instrument(skip_all, fields(payment = %id))]
async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(sandbox) = &state.sandbox else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match sandbox.hosted_view(&id) {
        Some(view) if view.state.is_final() => Redirect::to(&view.return_url).into_response(),
        Some(view) => render(&id, &view, None),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The card form was sent. The card number goes only to the sandbox, never to a log.
#[tracing::instrument(skip_all, fields(payment = %id))]
async fn pay(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let Some(sandbox) = &state.sandbox else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let card = form_field(&body, "card_number").unwrap_or_default();
    let Ok(after) = sandbox.pay_hosted(&id, &card) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some(view) = sandbox.hosted_view(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if after == PaymentState::Started {
        return render(
            &id,
            &view,
            Some("Enter one of the test card numbers listed on this page"),
        );
    }
    // 303: the browser follows with a GET to the service's return page.
    Redirect::to(&view.return_url).into_response()
}

#[tracing::instrument(skip_all, fields(payment = %id))]
async fn cancel(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Some(sandbox) = &state.sandbox else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if sandbox.cancel_hosted(&id).is_err() {
        return StatusCode::NOT_FOUND.into_response();
    }
    match sandbox.hosted_view(&id) {
        Some(view) => Redirect::to(&view.return_url).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// One field of an `application/x-www-form-urlencoded` body (the server has no form extractor;
/// `Url` decodes the same encoding in its query).
fn form_field(body: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let url = reqwest::Url::parse(&format!("http://form.invalid/?{text}")).ok()?;
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// The sandbox page's own additions to `plain_page`'s style sheet: the red test banner and
/// the card form.
const SANDBOX_STYLE: &str = "
.banner { background: #d4351c; color: #fff; padding: 12px 16px; margin: 0; font-weight: bold; font-size: 1.2rem; }
label { display: block; font-weight: bold; margin-top: 16px; }
input { font-size: 1.2rem; padding: 6px; width: 100%; max-width: 22em; box-sizing: border-box; border: 2px solid #0b0c0c; }
button { font-size: 1.2rem; background: #00703c; color: #fff; border: 0; padding: 10px 16px; margin: 24px 16px 0 0; cursor: pointer; box-shadow: 0 2px 0 #002d18; }
.hint { color: #505a5f; margin: 4px 0; }
.error { color: #d4351c; font-weight: bold; margin: 4px 0; }
.error-summary { border: 5px solid #d4351c; padding: 16px; margin: 16px 0; }
.error-summary a { color: #d4351c; font-weight: bold; }
table { border-collapse: collapse; margin: 8px 0; }
td, th { text-align: left; padding: 4px 16px 4px 0; border-bottom: 1px solid #b1b4b6; }
";

fn render(id: &str, view: &HostedView, error: Option<&str>) -> Response {
    let action = escape(&page_path(id));
    let pounds = format!("£{}.{:02}", view.amount.0 / 100, view.amount.0 % 100);
    let description = escape(&view.description);
    let (error_summary, field_error, invalid) = match error {
        Some(message) => (
            format!(
                r##"<div class="error-summary" role="alert" tabindex="-1"><h2>There is a problem</h2><ul><li><a href="#card-number">{message}</a></li></ul></div>"##
            ),
            format!(
                r#"<p id="card-number-error" class="error"><span class="visually-hidden">Error:</span> {message}</p>"#
            ),
            r#" aria-invalid="true" aria-describedby="card-number-hint card-number-error""#,
        ),
        None => (
            String::new(),
            String::new(),
            r#" aria-describedby="card-number-hint""#,
        ),
    };
    let title = if error.is_some() {
        "Error: Test payment page — no real money"
    } else {
        "Test payment page — no real money"
    };
    let main = format!(
        r#"{error_summary}
<h1>Enter card details</h1>
<p><strong>{description}</strong>: {pounds}</p>
<form method="post" action="{action}" novalidate>
<label for="card-number">Card number</label>
<p id="card-number-hint" class="hint">Use a test card below. Do not enter a real card.</p>
{field_error}
<input id="card-number" name="card_number" type="text" inputmode="numeric" autocomplete="off"{invalid}>
<button type="submit">Pay {pounds}</button>
</form>
<p><a href="{action}/cancel">Cancel payment</a></p>
<h2>Test cards</h2>
<table>
<thead><tr><th scope="col">Card number</th><th scope="col">What happens</th></tr></thead>
<tbody>
<tr><td>{SANDBOX_CARD_OK}</td><td>The payment succeeds</td></tr>
<tr><td>{SANDBOX_CARD_DECLINED}</td><td>The card is declined</td></tr>
<tr><td>{SANDBOX_CARD_FAILS}</td><td>The payment fails with an error</td></tr>
</tbody>
</table>"#
    );
    let html = super::plain_page::document(
        title,
        SANDBOX_STYLE,
        r#"<p class="banner">Test payment page — no real money. Nothing you enter here is charged.</p>"#,
        &main,
    );
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}
