//! The page a payer paying from the Tauri app comes back to from the provider's payment page
//! (issue 16; `commerce::app_return`): in the system browser, with no session. It settles the
//! order like the web UI's return page and says only whether the payment went through, then
//! sends the payer back to the app, which shows the rest. Plain HTML, no script.

use super::plain_page::{document, escape, respond};
use crate::commerce::app_return::{APP_RETURN_PREFIX, PublicOutcome, outcome};
use crate::error::ApiError;
use crate::extract::{ClientIp, Path};
use crate::state::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub(super) fn router() -> Router<AppState> {
    Router::new().route(&format!("{APP_RETURN_PREFIX}{{token}}"), get(page))
}

#[tracing::instrument(skip_all)]
async fn page(State(state): State<AppState>, ip: ClientIp, Path(token): Path<String>) -> Response {
    let found = outcome(&state, &ip.subject(), &token).await;
    let (status, (heading, text)) = match &found {
        Ok(Some(found)) => (StatusCode::OK, said(*found)),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            (
                "Page not found",
                "This payment page address is not known. If you were paying for a parking permit, go back to the app: it shows whether the payment went through.",
            ),
        ),
        Err(ApiError::Limited { .. }) => (
            StatusCode::TOO_MANY_REQUESTS,
            (
                "Too many tries",
                "Please wait 15 minutes and try again, or go back to the app.",
            ),
        ),
        Err(error) => {
            tracing::error!(%error, "payment return page");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                (
                    "Sorry, there is a problem with the service",
                    "Go back to the app: it shows whether the payment went through.",
                ),
            )
        }
    };
    // GOV.UK's confirmation panel for a payment received; a plain heading otherwise.
    let main = if matches!(found, Ok(Some(PublicOutcome::Paid))) {
        format!(
            r#"<div class="panel" id="payment-outcome"><h1>{heading}</h1></div>
<p>{text}</p>"#
        )
    } else {
        format!(
            r#"<h1 id="payment-outcome">{heading}</h1>
<p>{text}</p>"#
        )
    };
    let html = document(
        &escape(heading),
        RETURN_STYLE,
        r#"<p class="service">Resident parking permits</p>"#,
        &main,
    );
    respond(status, html)
}

/// The heading and the sentence for each outcome: nothing about what was bought.
fn said(outcome: PublicOutcome) -> (&'static str, &'static str) {
    match outcome {
        PublicOutcome::Paid => (
            "Payment received",
            "Go back to the parking permits app to see what you bought. You can close this page.",
        ),
        PublicOutcome::Refunded => (
            "Your payment is being returned",
            "What you paid for could no longer be issued, so the whole payment is going back to your card. Go back to the parking permits app for details.",
        ),
        PublicOutcome::NotTaken => (
            "Your payment was not taken",
            "Nothing was charged. Go back to the parking permits app to try again.",
        ),
        PublicOutcome::Waiting => (
            "We are still confirming your payment",
            "Go back to the parking permits app: it shows the outcome as soon as the payment service confirms it.",
        ),
    }
}

/// The GOV.UK header bar and the confirmation panel.
const RETURN_STYLE: &str = "
.service { background: #0b0c0c; color: #fff; margin: 0; padding: 12px 16px; font-weight: bold; font-size: 1.2rem; }
.panel { background: #00703c; color: #fff; padding: 24px; margin: 16px 0; text-align: center; }
.panel h1 { margin: 0; }
";
