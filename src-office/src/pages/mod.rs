//! One file per page of the back office.

pub(crate) mod audit;
pub(crate) mod call;
pub(crate) mod call_book;
pub(crate) mod call_cancel;
pub(crate) mod call_verify;
pub(crate) mod enforcement;
pub(crate) mod home;
pub(crate) mod login;
pub(crate) mod not_found;
pub(crate) mod queue;
pub(crate) mod resident;
pub(crate) mod residents;
pub(crate) mod review;
pub(crate) mod staff_list;
pub(crate) mod staff_member;
pub(crate) mod staff_new;

use crate::api::ApiError;
use crate::forms::Errors;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The page of a paged list, from the URL's `?page=` (1 when absent or not a page number).
pub(crate) fn use_page() -> Memo<u32> {
    crate::components::page_param("page")
}

/// Runs one submission at a time: `pending` is set while it runs, so a second press is ignored.
pub(crate) fn submit_once(pending: RwSignal<bool>, work: impl Future<Output = ()> + 'static) {
    if pending.get_untracked() {
        return;
    }
    pending.set(true);
    spawn_local(async move {
        work.await;
        pending.set(false);
    });
}

/// The server's refusal as form errors: by its field where the form has it.
pub(crate) fn server_errors(error: &ApiError, fields: &[&str]) -> Errors {
    let message = match error.retry_after {
        Some(seconds) if error.status == 429 => format!(
            "{} Try again in {} minutes.",
            error.message,
            seconds.div_ceil(60).max(1)
        ),
        _ => error.message.clone(),
    };
    Errors::from_server(error.field.as_deref(), &message, fields)
}
