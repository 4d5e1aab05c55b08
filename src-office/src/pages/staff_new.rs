//! An admin adds a member of staff to their council: name, work email and role, checked on a
//! "check your answers" step, then added (audited with the admin's name). The new member logs
//! in with a code emailed to that address.

use super::{server_errors, submit_once};
use crate::api::Office;
use crate::app::focus_after_render;
use crate::components::{ErrorSummary, RequireRole, SubmitButton, TextField};
use crate::format::role_label;
use crate::forms::{Errors, Role, parse_colleague};
use leptos::prelude::*;
use leptos_router::components::A;
use permit_api_types::{NewColleague, StaffMember};

const FIELDS: &[&str] = &["full_name", "email", "role"];

/// The three roles as GOV.UK radios with a hint each; the first radio's id is `role`, so the
/// error summary's link lands on it.
#[component]
pub(crate) fn RoleRadios(
    legend: &'static str,
    chosen: RwSignal<String>,
    errors: RwSignal<Errors>,
) -> impl IntoView {
    let error = move || errors.with(|e| e.for_field("role"));
    let items = Role::ALL
        .into_iter()
        .enumerate()
        .map(|(n, role)| {
            let id = if n == 0 {
                "role".to_owned()
            } else {
                format!("role-{}", role.as_str())
            };
            let hint_id = format!("{id}-hint");
            view! {
                <div class="radio-item">
                    <input type="radio" id=id.clone() name="role" value=role.as_str()
                        aria-describedby=hint_id.clone()
                        prop:checked=move || chosen.get() == role.as_str()
                        on:change=move |_| chosen.set(role.as_str().to_owned())/>
                    <label for=id>{role_label(role.as_str())}</label>
                    <p class="hint" id=hint_id>{role.hint()}</p>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <fieldset class="radios" aria-describedby=move || error().map(|_| "role-error")>
                <legend>{legend}</legend>
                {move || error().map(|message| view! {
                    <p class="field-error" id="role-error"><span class="visually-hidden">"Error: "</span>{message}</p>
                })}
                {items}
            </fieldset>
        </div>
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Question,
    Check,
    Added(StaffMember),
}

#[component]
pub(crate) fn StaffNew() -> impl IntoView {
    view! {
        <RequireRole roles=&["admin"]>
            <AddMember/>
        </RequireRole>
    }
}

#[component]
fn AddMember() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let step = RwSignal::new(Step::Question);
    let on_continue = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_colleague(
            &name.get_untracked(),
            &email.get_untracked(),
            &role.get_untracked(),
        ) {
            Ok(_) => {
                errors.set(Errors::new());
                step.set(Step::Check);
                focus_after_render("main h1");
            }
            Err(found) => errors.set(found),
        }
    };
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok((full_name, email, role)) = parse_colleague(
            &name.get_untracked(),
            &email.get_untracked(),
            &role.get_untracked(),
        ) else {
            return step.set(Step::Question);
        };
        submit_once(pending, async move {
            let new = NewColleague {
                email,
                full_name,
                role: role.as_str().to_owned(),
            };
            match Office.add_staff(&new).await {
                Ok(member) => step.set(Step::Added(member)),
                Err(error) => {
                    errors.set(server_errors(&error, FIELDS));
                    step.set(Step::Question);
                }
            }
            focus_after_render("main h1");
        });
    };
    let change = move |_| {
        step.set(Step::Question);
        focus_after_render("main h1");
    };
    move || {
        match step.get() {
        Step::Question => view! {
            <div class="narrow">
                <ErrorSummary errors=errors/>
                <h1>"Add a member of staff"</h1>
                <form on:submit=on_continue novalidate>
                    <TextField id="full_name" label="Full name" value=name errors=errors autocomplete="off"/>
                    <TextField id="email" label="Work email address" value=email errors=errors kind="email"
                        autocomplete="off" hint="They log in with a code emailed to this address."/>
                    <RoleRadios legend="Role" chosen=role errors=errors/>
                    <div class="actions">
                        <button type="submit" class="button" id="continue">"Continue"</button>
                        <A href="/office/staff">"Cancel"</A>
                    </div>
                </form>
            </div>
        }
        .into_any(),
        Step::Check => view! {
            <h1>"Check before adding"</h1>
            <dl class="summary-list" id="check-answers">
                <div class="summary-row"><dt>"Full name"</dt><dd>{name.get_untracked()}</dd>
                    <dd><button type="button" class="link-button" on:click=change>"Change"<span class="visually-hidden">" full name"</span></button></dd></div>
                <div class="summary-row"><dt>"Work email address"</dt><dd>{email.get_untracked()}</dd>
                    <dd><button type="button" class="link-button" on:click=change>"Change"<span class="visually-hidden">" email address"</span></button></dd></div>
                <div class="summary-row"><dt>"Role"</dt><dd>{role_label(&role.get_untracked())}</dd>
                    <dd><button type="button" class="link-button" on:click=change>"Change"<span class="visually-hidden">" role"</span></button></dd></div>
            </dl>
            <form on:submit=on_add novalidate>
                <SubmitButton id="add" label="Add member of staff" pending_label="Adding…" pending=pending/>
            </form>
        }
        .into_any(),
        Step::Added(member) => view! {
            <div class="panel" id="added">
                <h1>"Member of staff added"</h1>
                <p class="panel-body">{format!("{}, {}", member.full_name, role_label(&member.role).to_lowercase())}</p>
            </div>
            <p>{format!("{} can now log in to the back office with a code emailed to {}.", member.full_name, member.email)}</p>
            <p><A href="/office/staff" attr:id="back-to-staff">"Back to staff"</A></p>
        }
        .into_any(),
    }
    }
}
