//! "Book by text or phone" (ACT-4, ACT-6): the council's number, the exact text with one of
//! the resident's own plates, and the phone line with its option. The numbers are the council
//! file's and the words the rules crate's; this page only picks the plate and lays them out.

use crate::app::use_session;
use crate::components::load;
use leptos::prelude::*;
use permit_rules::{BookingChannels, Plate, Vrm, booking_channels, example_plate};

#[component]
pub(crate) fn BookByTextOrPhone() -> impl IntoView {
    let session = use_session();
    // The resident's own plates: their permits' vehicles, then their visitors' (ACT-4 example).
    let plates = load(|api| async move {
        let permits = api.permits().await.unwrap_or_default();
        let stays = api.upcoming_stays().await.unwrap_or_default();
        let held: Vec<Vrm> = permits
            .into_iter()
            .filter(|p| p.status == "active")
            .map(|p| p.vrm)
            .collect();
        // A text names a UK registration: a non-UK plate is no example.
        let visited: Vec<Vrm> = stays
            .stays
            .into_iter()
            .filter_map(|s| match s.vrm {
                Plate::Uk(vrm) => Some(vrm),
                Plate::NonUk(_) => None,
            })
            .collect();
        example_plate(&held, &visited).cloned()
    });
    move || {
        let scheme = session.scheme()?;
        let plate = plates.get().flatten();
        booking_channels(&scheme, plate.as_ref()).map(|channels| view! { <Channels channels/> })
    }
}

#[component]
fn Channels(channels: BookingChannels) -> impl IntoView {
    view! {
        <section id="book-by-text-or-phone" aria-labelledby="book-by-text-or-phone-title">
            <h2 id="book-by-text-or-phone-title">"Book by text or phone"</h2>
            {channels.text.map(|text| view! {
                <h3>"By text"</h3>
                <p id="text-explanation">{text.explanation}</p>
                <p class="hint">"Any vehicle: " <code id="text-syntax">{text.syntax}</code></p>
            })}
            {channels.phone.map(|phone| view! {
                <h3>"By phone"</h3>
                <p id="phone-explanation">{phone.explanation}</p>
            })}
        </section>
    }
}
