//! The back office's start page: what the logged-in member's role can do, one link each.

use crate::app::use_session;
use crate::components::NAV;
use crate::components::RequireRole;
use crate::format::role_label;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(crate) fn Home() -> impl IntoView {
    let session = use_session();
    let me = move || session.me.get();
    view! {
        <RequireRole roles=&["officer", "agent", "admin"]>
            <h1>{move || me().map(|me| me.council_name).unwrap_or_default()}</h1>
            <p class="lede">{move || me().map(|me| format!("{}, {}", me.full_name, role_label(&me.role).to_lowercase()))}</p>
            <ul class="menu">
                {move || {
                    let role = session.role().unwrap_or_default();
                    NAV.iter()
                        .skip(1)
                        .filter(|(_, _, roles)| roles.contains(&role.as_str()))
                        .map(|(path, label, _)| view! {
                            <li><A href=*path><span class="menu-title">{*label}</span></A></li>
                        })
                        .collect_view()
                }}
            </ul>
        </RequireRole>
    }
}
