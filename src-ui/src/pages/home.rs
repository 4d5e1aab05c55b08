//! The start page: the main menu once logged in (the councils' portal menu, plus Upcoming
//! stays and Account), else a welcome with register and log in.

use crate::app::use_session;
use crate::components::{Loading, load, reactive};
use crate::councils::offers_page;
use crate::format::PermitsHeld;
use crate::start_page;
use leptos::prelude::*;
use leptos_router::components::A;

const MENU: &[(&str, &str, &str, &str)] = &[
    (
        "/buy",
        "menu-buy",
        "Buy Digital Permits",
        "Visitor permit bundles and vehicle permits, with the price before you pay.",
    ),
    (
        "/activate",
        "menu-activate",
        "Activate Visitor Permit",
        "Book a visitor's stay for a vehicle, up to 14 days ahead.",
    ),
    (
        "/stays",
        "menu-stays",
        "Upcoming stays",
        "Your booked stays this week and later; cancel while allowed.",
    ),
    (
        "/stays/past",
        "menu-past-stays",
        "Past stays",
        "Stays that ended or were cancelled; book the same visitor again.",
    ),
    (
        "/permits",
        "menu-permits",
        "Manage Digital Permits",
        "Details, renewal, auto-renewal, vehicle changes, cancelling.",
    ),
    (
        "/payments",
        "menu-payments",
        "Payment History",
        "Every purchase and refund, with its status.",
    ),
    (
        "/account",
        "menu-account",
        "Account",
        "Your details, registration and address.",
    ),
];

#[component]
pub(crate) fn Home() -> impl IntoView {
    let session = use_session();
    reactive(move || {
        if !session.ready.get() {
            return view! { <Loading/> }.into_any();
        }
        match session.me.get() {
            Some(me) => {
                let explanation = me
                    .registration
                    .as_ref()
                    .filter(|r| r.status != "active" && r.status != "not_needed")
                    .map(|r| r.explanation.clone());
                let scheme = session.scheme();
                let sells_visitor_permits = scheme
                    .as_ref()
                    .is_some_and(|s| s.visitor_products().next().is_some());
                view! {
                    <h1 id="menu-title">"Hello, " {me.full_name.clone()}</h1>
                    {explanation.map(|text| view! {
                        <div class="notice" role="status"><p>{text}</p>
                        <p><A href="/account">"Go to your account"</A></p></div>
                    })}
                    {sells_visitor_permits.then(|| view! { <PermitsLeft/> })}
                    <nav aria-label="Main menu">
                        <ul class="menu">
                            {MENU.iter().filter(|(href, ..)| scheme.as_ref().is_none_or(|s| offers_page(s, href))).map(|&(href, id, title, text)| view! {
                                <li><MenuItem href=href id=id title=title text=text/></li>
                            }).collect_view()}
                        </ul>
                    </nav>
                }
                .into_any()
            }
            None => view! {
                {session.logged_out.get().map(|words| view! {
                    <div class="confirmation" role="status" id="logged-out"><p>{words}</p></div>
                })}
                // index.html's shell draws the same before the wasm arrives.
                <h1>{start_page::HEADING}</h1>
                <p>{start_page::LEDE}</p>
                <ul class="menu">
                    {start_page::ENTRIES.into_iter().map(|(href, id, title, text)| view! {
                        <li><a href=href id=id>
                            <span class="menu-title">{title}</span>
                            <span class="menu-text">{text}</span>
                        </a></li>
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }
    })
}

/// One menu entry: a link, or offline (issue 19) the entry without its link and why, for every
/// page but Upcoming stays (the one the offline copy shows).
#[component]
fn MenuItem(
    href: &'static str,
    id: &'static str,
    title: &'static str,
    text: &'static str,
) -> impl IntoView {
    let session = use_session();
    reactive(move || {
        if session.offline.get().is_some() && href != "/stays" {
            view! {
                <div class="menu-offline" id=id>
                    <span class="menu-title">{title}</span>
                    <span class="menu-text">"You are offline: this needs a connection to the permit service."</span>
                </div>
            }
            .into_any()
        } else {
            view! {
                <a href=href id=id>
                    <span class="menu-title">{title}</span>
                    <span class="menu-text">{text}</span>
                </a>
            }
            .into_any()
        }
    })
}

/// The visitor permits held, on the menu (not the purchase allowance: that is on Buy). The
/// paragraph is there from the first paint, so the menu below it does not move when the count
/// arrives: a tap aimed at one entry landed on the one above it.
#[component]
fn PermitsLeft() -> impl IntoView {
    let balance = load(|api| async move { api.visitor_balance().await });
    let words = move || match balance.get() {
        Some(Ok(balances)) => PermitsHeld::of(&balances).words(),
        Some(Err(_)) => String::new(),
        None => "Checking your visitor permits…".to_string(),
    };
    view! { <p class="lede" id="menu-permits-left" aria-live="polite">{words}</p> }
}
