//! One module per route (menu flow).

pub(crate) mod account;
pub(crate) mod activate;
pub(crate) mod book_by_text;
pub(crate) mod buy;
pub(crate) mod contact;
pub(crate) mod expiry_warnings;
pub(crate) mod home;
pub(crate) mod login;
pub(crate) mod not_found;
pub(crate) mod order_return;
pub(crate) mod past_stays;
pub(crate) mod payments;
pub(crate) mod permits;
pub(crate) mod register;
pub(crate) mod renew;
pub(crate) mod stays;
pub(crate) mod vehicles;

use leptos::prelude::*;
use leptos::task::spawn_local;
use permit_rules::Scheme;
use std::pin::Pin;

/// Runs a form's request unless one is already running, so a double click submits once.
pub(crate) fn submit_once(pending: RwSignal<bool>, work: impl Future<Output = ()> + 'static) {
    submit_boxed(pending, Box::pin(work));
}

/// `submit_once` compiled once, not once per form (each form's own future stays its own).
fn submit_boxed(pending: RwSignal<bool>, work: Pin<Box<dyn Future<Output = ()>>>) {
    if pending.get_untracked() {
        return;
    }
    pending.set(true);
    spawn_local(async move {
        work.await;
        pending.set(false);
    });
}

/// The councils a resident can choose, as (id, name) options.
pub(crate) fn council_options() -> Vec<(String, String)> {
    crate::councils::all()
        .iter()
        .map(|s| (s.id.to_string(), s.name.clone()))
        .collect()
}

/// The scheme for a typed council id, if it is one.
pub(crate) fn scheme_for(id: &str) -> Option<Scheme> {
    let id = permit_rules::CouncilId::parse(id.trim()).ok()?;
    crate::councils::find(&id).cloned()
}
