//! The frame around every page: the skip link, the header with the council, the member's name
//! and role, the navigation their role may use, and log out; then the page in `main`. Each
//! navigation sets the page's title and moves focus to its `h1`.

use crate::api::Office;
use crate::app::{focus_after_render, use_session};
use crate::format::{role_label, titled};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

/// The pages of the navigation: (path, label, roles that see it). A new page adds a line.
pub(crate) const NAV: &[(&str, &str, &[&str])] = &[
    ("/office", "Home", &["officer", "agent", "admin"]),
    ("/office/queue", "Review queue", &["officer"]),
    ("/office/calls", "Phone console", &["agent"]),
    ("/office/staff", "Staff", &["admin"]),
    ("/office/residents", "Find a resident", &["officer"]),
    ("/office/audit", "Audit log", &["officer", "admin"]),
    ("/office/enforcement", "Enforcement checks", &["officer"]),
];

#[component]
pub(crate) fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <Header/>
        <PageChange/>
        <main id="main" tabindex="-1" class="office-main">{children()}</main>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let log_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = Office.log_out().await;
            session.me.set(None);
            session.logged_out.set(true);
            navigate("/office/login", NavigateOptions::default());
        });
    };
    let location = use_location();
    let links = move || {
        let role = session.role().unwrap_or_default();
        let here = location.pathname.get();
        NAV.iter()
            .filter(|(_, _, roles)| roles.contains(&role.as_str()))
            .map(|(path, label, _)| {
                let current = here == *path || (*path != "/office" && here.starts_with(path));
                view! {
                    <li><A href=*path attr:aria-current=current.then_some("page")>{*label}</A></li>
                }
            })
            .collect_view()
    };
    view! {
        <header class="site-header office-header">
            <A href="/office" attr:class="brand">"Council back office"</A>
            <span class="council">{move || session.me.get().map(|me| me.council_name)}</span>
            <Show when=move || session.me.get().is_some()>
                <span class="who" id="who">{move || session.me.get().map(|me|
                    format!("{} ({})", me.full_name, role_label(&me.role)))}</span>
                <button type="button" class="link-button" id="log-out" on:click=log_out.clone()>"Log out"</button>
            </Show>
        </header>
        <Show when=move || session.me.get().is_some()>
            <nav aria-label="Back office" class="office-nav"><ul>{links}</ul></nav>
        </Show>
    }
}

/// After each navigation: the page's `<title>` and focus on its `h1` (not on the first load,
/// where the browser starts at the top anyway).
#[component]
fn PageChange() -> impl IntoView {
    let location = use_location();
    Effect::new(move |first: Option<()>| {
        let path = location.pathname.get();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&titled(page_name(&path)));
        }
        if first.is_some() {
            focus_after_render("main h1");
        }
    });
}

/// The page's name for its title: the navigation's label, else the page's own.
fn page_name(path: &str) -> &'static str {
    let path = path.trim_end_matches('/');
    if path == "/office/login" {
        return "Log in";
    }
    if path.starts_with("/office/queue/") {
        return "Review an application";
    }
    if path.starts_with("/office/residents/") {
        return "Resident record";
    }
    // A page under a section (a call, a member of staff) is named for its section.
    NAV.iter()
        .rev()
        .find(|(p, _, _)| path == *p || (*p != "/office" && path.starts_with(&format!("{p}/"))))
        .map(|(_, label, _)| *label)
        .unwrap_or("Council back office")
}
