//! The shell: header, routes, and what every page shares through context (the transport, the
//! logged-in resident, the service's clock).

use crate::api::Api;
use crate::components::{LogOut, show_when};
use crate::pages;
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use permit_api_types::Me;
use permit_rules::{CouncilId, Scheme};

/// Who is logged in, once the kept session (if any) has been checked.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Session {
    pub(crate) me: RwSignal<Option<Me>>,
    /// False until the kept session has been checked, so pages do not flash "log in".
    pub(crate) ready: RwSignal<bool>,
    /// Set by logging out (what the start page then says); cleared by logging in.
    pub(crate) logged_out: RwSignal<Option<&'static str>>,
    /// The service's clock minus this device's, so the date picker's horizon is the server's.
    skew_ms: RwSignal<i64>,
    /// Issue 19: while the service cannot be reached and the browser's offline copy is shown,
    /// when that copy was synced. Pages re-read their data when it changes.
    pub(crate) offline: RwSignal<Option<DateTime<Utc>>>,
}

impl Session {
    pub(crate) fn now(&self) -> DateTime<Utc> {
        let device =
            DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
        device + Duration::milliseconds(self.skew_ms.get_untracked())
    }

    /// The logged-in resident's council scheme.
    pub(crate) fn scheme(&self) -> Option<Scheme> {
        let me = self.me.get()?;
        let id = CouncilId::parse(&me.council).ok()?;
        crate::councils::find(&id).cloned()
    }

    /// On start: the service's clock first (pages judge the 14-day horizon and renewal windows
    /// by it), then who is logged in if a session was kept; pages wait for `ready`. With no
    /// session the pages are ready at once: the start, login and register pages judge no
    /// dates, so the first page is drawn without waiting for the service (as index.html's
    /// shell already shows it), and the clock arrives before anyone can log in.
    pub(crate) fn start(self, api: Api) {
        self.watch_connection(api.clone());
        let has_session = api.has_session();
        if !has_session {
            self.ready.set(true);
        }
        spawn_local(async move {
            let device = self.now();
            if let Ok(server) = api.server_now().await {
                self.skew_ms.set((server - device).num_milliseconds());
            }
            if has_session {
                self.me.set(api.me().await.ok());
                self.offline.set(api.offline_since());
                self.ready.set(true);
            } else {
                // A session that ended with its tab leaves no copy behind.
                api.forget_offline_copy().await;
            }
        });
    }

    /// Losing the connection shows the offline copy (if there is one); getting it back syncs
    /// and shows the service's answers again.
    fn watch_connection(self, api: Api) {
        let offline_api = api.clone();
        let _ = window_event_listener_untyped("offline", move |_| {
            let api = offline_api.clone();
            spawn_local(async move {
                if self.me.get_untracked().is_some()
                    && let Some(synced) = api.offline_copy_synced().await
                {
                    self.offline.set(Some(synced));
                }
            });
        });
        let _ = window_event_listener_untyped("online", move |_| {
            if self.offline.get_untracked().is_some() {
                self.reconnect(api.clone(), 1);
            }
        });
    }

    /// `me` from the service starts a sync; the pages then read from it again. The `online`
    /// event can come a moment before requests get through: tried again a few times, a
    /// second longer each time.
    fn reconnect(self, api: Api, attempt: u64) {
        spawn_local(async move {
            if let Ok(me) = api.me().await
                && api.offline_since().is_none()
            {
                self.me.set(Some(me));
                self.offline.set(None);
            } else if attempt < 6 && self.offline.get_untracked().is_some() {
                let again = move || self.reconnect(api, attempt + 1);
                set_timeout(again, std::time::Duration::from_secs(attempt));
            }
        });
    }
}

pub(crate) fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| {
        let session = new_session();
        provide_context(session);
        session
    })
}

pub(crate) fn use_api() -> Api {
    use_context::<Api>().unwrap_or_else(Api::detect)
}

fn new_session() -> Session {
    Session {
        me: RwSignal::new(None),
        ready: RwSignal::new(false),
        logged_out: RwSignal::new(None),
        skew_ms: RwSignal::new(0),
        offline: RwSignal::new(None),
    }
}

/// A route's page as a plain function pointer: the router's view-choosing code is compiled
/// once per view type, so every route sharing `fn() -> AnyView` shares one copy of it instead
/// of one per page component (BENCHMARKS.md).
macro_rules! page {
    ($page:path) => {
        (|| $page().into_any()) as fn() -> AnyView
    };
}

#[component]
pub(crate) fn App() -> impl IntoView {
    let api = Api::detect();
    let session = new_session();
    provide_context(api.clone());
    provide_context(session);
    session.start(api.clone());
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to main content"</a>
            <Header/>
            <PageChange/>
            <main id="main" tabindex="-1">
                <OfflineBanner/>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view={page!(pages::home::Home)}/>
                    <Route path=path!("/register") view={page!(pages::register::Register)}/>
                    <Route path=path!("/login") view={page!(pages::login::Login)}/>
                    <Route path=path!("/buy") view={page!(pages::buy::Buy)}/>
                    <Route path=path!("/activate") view={page!(pages::activate::Activate)}/>
                    <Route path=path!("/stays") view={page!(pages::stays::Upcoming)}/>
                    <Route path=path!("/stays/past") view={page!(pages::past_stays::PastStays)}/>
                    <Route path=path!("/permits") view={page!(pages::permits::Manage)}/>
                    <Route path=path!("/permits/renew") view={page!(pages::renew::RenewPermit)}/>
                    <Route path=path!("/payments") view={page!(pages::payments::History)}/>
                    <Route path=path!("/account") view={page!(pages::account::Account)}/>
                    <Route path=path!("/account/mobile") view={page!(pages::contact::NewMobile)}/>
                    <Route path=path!("/account/mobile/code") view={page!(pages::contact::MobileCode)}/>
                    <Route path=path!("/account/email") view={page!(pages::contact::NewEmail)}/>
                    <Route path=path!("/account/email/code") view={page!(pages::contact::EmailCode)}/>
                    <Route path=path!("/account/vehicles") view={page!(pages::vehicles::SavedVehicles)}/>
                    <Route path=path!("/account/vehicles/rename") view={page!(pages::vehicles::RenameVehicle)}/>
                    <Route path=path!("/account/vehicles/delete") view={page!(pages::vehicles::DeleteVehicle)}/>
                    <Route path=path!("/account/expiry-warnings") view={page!(pages::expiry_warnings::ExpiryWarnings)}/>
                </Routes>
            </main>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let session = use_session();
    let council = move || session.scheme().map(|s| s.name);
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">"Resident Parking Permits"</A>
            <span class="council">{council}</span>
            {show_when(move || session.me.get().is_some(), move || view! {
                <nav aria-label="Account" class="header-nav">
                    <A href="/" attr:id="nav-menu">"Main menu"</A>
                    <A href="/account">"Account"</A>
                    <LogOut id="header-log-out" class="link-button"/>
                </nav>
            }.into_any())}
        </header>
    }
}

/// "Offline – last updated 09:42" above every page while the offline copy is shown.
#[component]
fn OfflineBanner() -> impl IntoView {
    let session = use_session();
    move || {
        session.offline.get().map(|synced| {
            let words = crate::format::offline_since(synced, session.now());
            view! { <div class="notice offline" role="status" id="offline-copy"><p>{words}</p></div> }
        })
    }
}

/// After each navigation: the page's own `<title>`, and focus on its `h1` so keyboard and
/// screen-reader users start at the new page (not on the first load: the browser does that).
#[component]
fn PageChange() -> impl IntoView {
    let location = use_location();
    Effect::new(move |first: Option<()>| {
        let path = location.pathname.get();
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        document.set_title(&crate::format::page_title(&path));
        if first.is_some() {
            focus_after_render("main h1");
        }
    });
}

/// Focus on the element `css` finds once the view has rendered: a new page's or step's `h1`
/// (made focusable for it), or the field a "Change" link returns to.
pub(crate) fn focus_after_render(css: impl Into<String>) {
    let css = css.into();
    request_animation_frame(move || {
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(Ok(Some(found))) = document.map(|d| d.query_selector(&css)) {
            if found.tag_name() == "H1" {
                let _ = found.set_attribute("tabindex", "-1");
            }
            if let Some(found) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&found) {
                let _ = found.focus();
            }
        }
    });
}

/// A confirmation's question (an `h2` shown while `asking`) takes focus as it appears, so a
/// keyboard or screen-reader user lands on what they are asked.
pub(crate) fn focus_question_when_asked(
    asking: RwSignal<bool>,
    question: NodeRef<leptos::html::H2>,
) {
    Effect::new(move |_| {
        if asking.get()
            && let Some(el) = question.get()
        {
            let _ = el.focus();
        }
    });
}

/// A step within a page (check your answers, a confirmation): its own `<title>` and focus on
/// its `h1`, as a new page gets.
pub(crate) fn show_step(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&crate::format::titled(title));
    }
    focus_after_render("main h1");
}
