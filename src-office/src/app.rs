//! The shell: the layout around every page, the routes, and what pages share through context
//! (who is logged in). Every page lives under `/office`; the server answers each of them with
//! this app, so they all reload at their own URL.

use crate::api::Office;
use crate::components::Layout;
use crate::pages;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use permit_api_types::{Health, StaffMe};

/// Who is logged in, once the kept session (if any) has been checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Session {
    pub(crate) me: RwSignal<Option<StaffMe>>,
    /// False until the kept session has been checked, so pages do not flash "log in".
    pub(crate) ready: RwSignal<bool>,
    /// Set by logging out (the login page says so).
    pub(crate) logged_out: RwSignal<bool>,
    /// The service's clock minus this device's: ages and due times are the server's (which
    /// runs on a test clock in tests and demos).
    skew_ms: RwSignal<i64>,
}

impl Session {
    fn start(self) {
        spawn_local(async move {
            let office = Office;
            let device = js_sys::Date::now() as i64;
            if let Ok(health) = office.get::<Health>("/health").await {
                self.skew_ms.set(health.now.timestamp_millis() - device);
            }
            if office.has_session() {
                match office.me().await {
                    Ok(me) => self.me.set(Some(me)),
                    Err(_) => office.forget_session(),
                }
            }
            self.ready.set(true);
        });
    }

    /// Now, by the service's clock.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        let ms = js_sys::Date::now() as i64 + self.skew_ms.get_untracked();
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    /// The logged-in member's role, `officer`, `agent` or `admin`.
    pub(crate) fn role(&self) -> Option<String> {
        self.me.with(|me| me.as_ref().map(|me| me.role.clone()))
    }

    /// The session ended under us (401): forget it, so the page turns into the login prompt.
    pub(crate) fn ended(&self) {
        Office.forget_session();
        self.me.set(None);
    }
}

pub(crate) fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(new_session)
}

fn new_session() -> Session {
    Session {
        me: RwSignal::new(None),
        ready: RwSignal::new(false),
        logged_out: RwSignal::new(false),
        skew_ms: RwSignal::new(0),
    }
}

#[component]
pub(crate) fn App() -> impl IntoView {
    let session = new_session();
    provide_context(session);
    session.start();
    view! {
        <Router>
            <Layout>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/office") view=pages::home::Home/>
                    <Route path=path!("/office/login") view=pages::login::Login/>
                    <Route path=path!("/office/queue") view=pages::queue::Queue/>
                    <Route path=path!("/office/queue/:id") view=pages::review::Review/>
                    <Route path=path!("/office/calls") view=pages::call_verify::CallVerify/>
                    <Route path=path!("/office/calls/:call") view=pages::call::Call/>
                    <Route path=path!("/office/calls/:call/book") view=pages::call_book::CallBook/>
                    <Route path=path!("/office/calls/:call/stays/:stay/cancel") view=pages::call_cancel::CancelStay/>
                    <Route path=path!("/office/calls/:call/permits/:permit/cancel") view=pages::call_cancel::CancelPermit/>
                    <Route path=path!("/office/staff") view=pages::staff_list::StaffList/>
                    <Route path=path!("/office/staff/new") view=pages::staff_new::StaffNew/>
                    <Route path=path!("/office/staff/:id") view=pages::staff_member::StaffMemberPage/>
                    <Route path=path!("/office/staff/:id/disable") view=pages::staff_member::StaffDisable/>
                    <Route path=path!("/office/residents") view=pages::residents::Residents/>
                    <Route path=path!("/office/residents/:id") view=pages::resident::Resident/>
                    <Route path=path!("/office/audit") view=pages::audit::Audit/>
                    <Route path=path!("/office/enforcement") view=pages::enforcement::Enforcement/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Focus on the element `css` finds once the view has rendered (a new page's `h1`).
pub(crate) fn focus_after_render(css: &'static str) {
    request_animation_frame(move || {
        let found = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(css).ok().flatten());
        if let Some(found) = found {
            if found.tag_name() == "H1" {
                let _ = found.set_attribute("tabindex", "-1");
            }
            if let Some(found) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&found) {
                let _ = found.focus();
            }
        }
    });
}
