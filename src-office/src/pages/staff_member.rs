//! One member of the admin's council's staff: set their role (from their next request), or
//! disable them after a confirmation step (their sessions end at once). A council keeps an
//! enabled admin: the server's 409 `last_admin` is shown as the reason, by the role question.

use super::staff_new::RoleRadios;
use super::{server_errors, submit_once};
use crate::api::{ApiError, Office};
use crate::app::focus_after_render;
use crate::components::{ErrorSummary, LoadError, Loading, RequireRole, SubmitButton};
use crate::format::role_label;
use crate::forms::{Errors, Role};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use permit_api_types::{StaffMember, path_segment};

/// What the server's `last_admin` means, in words an admin acts on: by the role question when
/// changing a role, in the summary when disabling.
fn admin_error(error: &ApiError, field: Option<&str>) -> Errors {
    let last_admin = error.code == "last_admin";
    match field {
        Some(field) if last_admin => Errors::of(
            field,
            "This is your council's only admin, who cannot take another role. Add another admin first.",
        ),
        None if last_admin => Errors::general(
            "This is your council's only admin, who cannot be disabled. Add another admin first.",
        ),
        Some(field) => server_errors(error, &[field]),
        None => server_errors(error, &[]),
    }
}

/// Loads the member named in the URL and shows `view` with them.
#[component]
fn MemberLoader(view: fn(StaffMember) -> AnyView) -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = LocalResource::new(move || {
        let id = id.clone();
        async move { Office.staff_member(&id).await }
    });
    move || match data.get() {
        None => view! { <Loading what="Loading the member of staff…"/> }.into_any(),
        Some(Err(error)) if error.status == 404 => view! {
            <h1>"Member of staff not found"</h1>
            <p>"They are not on your council's staff."</p>
            <p><A href="/office/staff">"Back to staff"</A></p>
        }
        .into_any(),
        Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
        Some(Ok(member)) => view(member),
    }
}

#[component]
pub(crate) fn StaffMemberPage() -> impl IntoView {
    view! {
        <RequireRole roles=&["admin"]>
            <MemberLoader view=|member| view! { <ChangeRole member=member/> }.into_any()/>
        </RequireRole>
    }
}

#[component]
fn ChangeRole(member: StaffMember) -> impl IntoView {
    let role = RwSignal::new(member.role.clone());
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let current = RwSignal::new(member.role.clone());
    let on_submit = {
        let id = member.id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(chosen) = Role::parse(&role.get_untracked()) else {
                return errors.set(Errors::of("role", "Choose a role."));
            };
            let id = id.clone();
            submit_once(pending, async move {
                match Office.set_role(&id, chosen.as_str()).await {
                    Ok(member) => {
                        errors.set(Errors::new());
                        current.set(member.role.clone());
                        saved.set(Some(format!(
                            "{} is now {}. It applies from their next request.",
                            member.full_name,
                            role_label(&member.role).to_lowercase()
                        )));
                    }
                    Err(error) => {
                        saved.set(None);
                        errors.set(admin_error(&error, Some("role")));
                    }
                }
            });
        }
    };
    let disable = format!("/office/staff/{}/disable", path_segment(&member.id));
    view! {
        <div class="narrow">
            <ErrorSummary errors=errors/>
            <div class="confirmation" role="status" id="role-saved" hidden=move || saved.get().is_none()>
                <p>{move || saved.get()}</p>
            </div>
            <span class="caption">"Staff"</span>
            <h1>{member.full_name.clone()}</h1>
            <dl class="summary-list">
                <div class="summary-row"><dt>"Work email address"</dt><dd>{member.email.clone()}</dd></div>
                <div class="summary-row"><dt>"Role"</dt><dd id="current-role">{move || role_label(&current.get())}</dd></div>
            </dl>
            <h2>"Change their role"</h2>
            <form on:submit=on_submit novalidate>
                <RoleRadios legend="New role" chosen=role errors=errors/>
                <SubmitButton id="save-role" label="Save role" pending_label="Saving…" pending=pending/>
            </form>
            <h2>"Disable their account"</h2>
            <p>"They are logged out at once and cannot log in again."</p>
            <p><A href=disable attr:class="button warning" attr:id="disable-member">"Disable "{member.full_name.clone()}</A></p>
            <p><A href="/office/staff">"Back to staff"</A></p>
        </div>
    }
}

#[component]
pub(crate) fn StaffDisable() -> impl IntoView {
    view! {
        <RequireRole roles=&["admin"]>
            <MemberLoader view=|member| view! { <ConfirmDisable member=member/> }.into_any()/>
        </RequireRole>
    }
}

#[component]
fn ConfirmDisable(member: StaffMember) -> impl IntoView {
    let errors = RwSignal::new(Errors::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(false);
    let back = format!("/office/staff/{}", path_segment(&member.id));
    let on_submit = {
        let id = member.id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let id = id.clone();
            submit_once(pending, async move {
                match Office.disable_staff(&id).await {
                    Ok(_) => {
                        done.set(true);
                        focus_after_render("main h1");
                    }
                    Err(error) => errors.set(admin_error(&error, None)),
                }
            });
        }
    };
    let name = member.full_name.clone();
    if member.disabled_at.is_some() {
        return view! {
            <h1>{format!("{name} is already disabled")}</h1>
            <p><A href="/office/staff">"Back to staff"</A></p>
        }
        .into_any();
    }
    view! {
        <Show when=move || !done.get()
            fallback={let name = name.clone(); move || view! {
                <div class="panel" id="disabled"><h1>"Account disabled"</h1>
                    <p class="panel-body">{format!("{name} is logged out and cannot log in.")}</p></div>
                <p><A href="/office/staff" attr:id="back-to-staff">"Back to staff"</A></p>
            }}>
            <div class="narrow">
                <ErrorSummary errors=errors/>
                <h1>{format!("Disable {}?", member.full_name)}</h1>
                <p>{format!("{} ({}, {}) is logged out of the back office at once and cannot log in again.",
                    member.full_name, member.email, role_label(&member.role).to_lowercase())}</p>
                <form on:submit=on_submit.clone() novalidate class="actions">
                    <SubmitButton id="confirm-disable" label="Yes, disable this account" pending_label="Disabling…"
                        pending=pending class="button warning"/>
                    <A href=back.clone()>"No, go back"</A>
                </form>
            </div>
        </Show>
    }
    .into_any()
}
