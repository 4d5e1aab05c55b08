//! Account > Saved vehicles (issue 18): the visitors' vehicles the resident books again, each
//! with its name; renaming and deleting are question pages of their own, at their own URLs
//! (`/account/vehicles/rename?id=…`, `/account/vehicles/delete?id=…`), so each works on reload.

use super::submit_once;
use crate::app::use_api;
use crate::components::{
    ErrorSummary, LoadError, Loaded, Loading, Reactive, RequireLogin, SubmitButton, TextField,
    load, reactive,
};
use crate::forms::FormErrors;
use crate::model::SavedVehicle;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use permit_rules::{MAX_NICKNAME_CHARS, MAX_SAVED_VEHICLES, Nickname};

const LIST: &str = "/account/vehicles";

fn encoded(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// Back to the list, with what was done in its banner.
fn list_saying(done: &str) -> String {
    format!("{LIST}?done={}", encoded(done))
}

#[component]
pub(crate) fn SavedVehicles() -> impl IntoView {
    let done = use_query_map().get_untracked().get("done");
    let vehicles = load(|api| async move { api.saved_vehicles().await });
    view! {
        <p><A href="/account" attr:class="back-link">"Back to your account"</A></p>
        <h1>"Saved vehicles"</h1>
        <RequireLogin>
            {done.clone().map(|text| view! { <div class="notice" role="status" id="vehicle-done"><p>{text}</p></div> })}
            <p class="hint">{format!("A vehicle you book a visit for is saved here, unless you untick \"Save this vehicle for next time\". Choose one on Activate Visitor Permit to fill in its registration. You can keep up to {MAX_SAVED_VEHICLES}.")}</p>
            {move || match vehicles.get() {
                None => view! { <Loading what="Loading your saved vehicles…"/> }.into_any(),
                Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p id="no-vehicles">"No saved vehicles yet. "<A href="/activate">"Activate a visitor permit"</A></p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="vehicles" id="saved-vehicles">
                        {list.into_iter().map(|v| view! { <VehicleItem vehicle=v/> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </RequireLogin>
    }
}

#[component]
fn VehicleItem(vehicle: SavedVehicle) -> impl IntoView {
    let whose = format!(" {}", vehicle.label());
    let rename_label = format!(" for{whose}");
    let id = encoded(&vehicle.id);
    view! {
        <li class="vehicle">
            <p><strong class="plate">{vehicle.plate.shown()}</strong>
                {vehicle.nickname.clone().map(|name| view! { " "<span class="nickname">{name}</span> })}</p>
            <p class="actions">
                <a href=format!("{LIST}/rename?id={id}") class="rename-vehicle">
                    {if vehicle.nickname.is_some() { "Change name" } else { "Add a name" }}
                    <span class="visually-hidden">{rename_label}</span></a>
                " "
                <a href=format!("{LIST}/delete?id={id}") class="delete-vehicle">
                    "Delete"<span class="visually-hidden">{whose}</span></a>
            </p>
        </li>
    }
}

/// The vehicle the page's `?id=` names, loaded from the account's list.
fn the_vehicle() -> (
    String,
    Loaded<Result<Option<SavedVehicle>, crate::model::ApiError>>,
) {
    let id = use_query_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let wanted = id.clone();
    let found = load(move |api| {
        let wanted = wanted.clone();
        async move {
            let list = api.saved_vehicles().await?;
            Ok(list.into_iter().find(|v| v.id == wanted))
        }
    });
    (id, found)
}

/// Loading, a failure, "no such vehicle", or the page for the vehicle found.
fn with_vehicle(
    found: Loaded<Result<Option<SavedVehicle>, crate::model::ApiError>>,
    page: impl Fn(SavedVehicle) -> AnyView + Send + 'static,
) -> Reactive {
    reactive(move || {
        match found.get() {
        None => view! { <Loading what="Loading your saved vehicle…"/> }.into_any(),
        Some(Err(error)) => view! { <LoadError error=error/> }.into_any(),
        Some(Ok(None)) => view! {
            <p id="no-such-vehicle">"This vehicle is not in your saved vehicles. "<A href=LIST>"See your saved vehicles"</A></p>
        }
        .into_any(),
        Some(Ok(Some(vehicle))) => page(vehicle),
    }
    })
}

#[component]
pub(crate) fn RenameVehicle() -> impl IntoView {
    let (_, found) = the_vehicle();
    view! {
        <p><A href=LIST attr:class="back-link">"Back to saved vehicles"</A></p>
        <h1>"Name a saved vehicle"</h1>
        <RequireLogin>
            {with_vehicle(found, |vehicle| view! { <RenameForm vehicle=vehicle/> }.into_any())}
        </RequireLogin>
    }
}

#[component]
fn RenameForm(vehicle: SavedVehicle) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let name = RwSignal::new(vehicle.nickname.clone().unwrap_or_default());
    let errors = RwSignal::new(FormErrors::new());
    let pending = RwSignal::new(false);
    let plate = vehicle.plate.shown();
    let id = StoredValue::new(vehicle.id.clone());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let nickname = match Nickname::parse_optional(Some(&name.get_untracked())) {
            Ok(nickname) => nickname,
            Err(problem) => {
                let mut found = FormErrors::new();
                found.add("nickname", problem.to_string());
                return errors.set(found);
            }
        };
        let (api, navigate) = (api.clone(), navigate.clone());
        submit_once(pending, async move {
            match api.rename_vehicle(&id.get_value(), nickname.as_ref()).await {
                Ok(saved) => {
                    let done = match &saved.nickname {
                        Some(name) => format!("{} is now called {name}.", saved.plate.shown()),
                        None => format!("{} no longer has a name.", saved.plate.shown()),
                    };
                    navigate(&list_saying(&done), NavigateOptions::default());
                }
                Err(error) => errors.set(FormErrors::from_api(&error, &["nickname"])),
            }
        });
    };
    let hint = format!(
        "For {plate}. For example Mum, or Carer – Tuesdays. Up to {MAX_NICKNAME_CHARS} characters; leave it blank for no name."
    );
    view! {
        <ErrorSummary errors=errors/>
        <form on:submit=on_submit novalidate>
            <TextField id="nickname" label="Name for this vehicle" value=name errors=errors
                autocomplete="off" hint=Signal::derive(move || hint.clone())/>
            <SubmitButton id="rename-submit" label="Save the name" pending_label="Saving…" pending=pending/>
        </form>
    }
}

#[component]
pub(crate) fn DeleteVehicle() -> impl IntoView {
    let (_, found) = the_vehicle();
    view! {
        <p><A href=LIST attr:class="back-link">"Back to saved vehicles"</A></p>
        <h1>"Delete a saved vehicle"</h1>
        <RequireLogin>
            {with_vehicle(found, |vehicle| view! { <DeleteQuestion vehicle=vehicle/> }.into_any())}
        </RequireLogin>
    }
}

#[component]
fn DeleteQuestion(vehicle: SavedVehicle) -> impl IntoView {
    let api = use_api();
    let navigate = use_navigate();
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let label = vehicle.label();
    let id = StoredValue::new(vehicle.id.clone());
    let done = format!("{label} is no longer in your saved vehicles.");
    let delete = move |_| {
        let (api, navigate, done) = (api.clone(), navigate.clone(), done.clone());
        submit_once(pending, async move {
            match api.delete_vehicle(&id.get_value()).await {
                Ok(()) => navigate(&list_saying(&done), NavigateOptions::default()),
                Err(error) => problem.set(Some(error.message)),
            }
        });
    };
    view! {
        <p id="delete-question">{format!("Delete {label} from your saved vehicles? Visits already booked for it stay booked.")}</p>
        {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        <div class="actions">
            <button type="button" class="button warning" id="delete-vehicle-yes"
                disabled=move || pending.get() on:click=delete.clone()>
                {move || if pending.get() { "Deleting…" } else { "Yes, delete it" }}
            </button>
            <A href=LIST attr:class="button secondary" attr:id="delete-vehicle-no">"No, keep it"</A>
        </div>
    }
}
