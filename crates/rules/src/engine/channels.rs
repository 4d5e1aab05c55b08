//! How a resident books a visitor stay without the app: the text to send and the line to call
//! (ACT-4, ACT-6). The numbers, keyword and keypad options are the council file's; the words
//! are here, so every client shows the same instructions.

use super::sms::duration_options;
use crate::scheme::{Scheme, StayKind, Stays};
use crate::types::Vrm;
use serde::{Deserialize, Serialize};

/// The plate shown in examples when the resident has none of their own.
pub const SAMPLE_VRM: &str = "AB12CDE";

/// The duration written in examples where the council's texts name one.
const SAMPLE_DURATION: &str = "3h";

/// The ways a council takes visitor stays besides the app, as residents are told them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingChannels {
    pub text: Option<TextChannel>,
    pub phone: Option<PhoneChannel>,
}

/// ACT-4: a text from the resident's mobile starts a stay straight away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextChannel {
    /// The number to text.
    pub number: String,
    /// The form of the text: `VISITOR <registration>` or `VISITOR <registration> <duration>`.
    pub syntax: String,
    /// The exact text for the example plate: `VISITOR AB12CDE 3h`.
    pub example: String,
    /// What happens and what to add, in a sentence or two.
    pub explanation: String,
}

/// ACT-6: an agent on the council's line books the stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneChannel {
    pub number: String,
    /// The keypad options that reach visitor bookings, in order.
    pub options: Vec<u32>,
    /// "Call 01632 960101 and choose option 2. ..."
    pub explanation: String,
}

/// The council's text and phone channels, with `example` (else [`SAMPLE_VRM`]) as the plate in
/// the example text. `None` where the council takes no visitor stays.
pub fn booking_channels(scheme: &Scheme, example: Option<&Vrm>) -> Option<BookingChannels> {
    let stays = scheme.stays.as_ref()?;
    let plate = example.map_or(SAMPLE_VRM, Vrm::as_str);
    Some(BookingChannels {
        text: stays.sms.as_ref().map(|sms| text_channel(stays, sms, plate)),
        phone: stays.phone.as_ref().map(|line| PhoneChannel {
            number: line.number.clone(),
            options: line.options.clone(),
            explanation: format!(
                "Call {} and choose {}. Give the agent the visitor's registration and when the stay starts and ends; they book it on your account.",
                line.number,
                options_words(&line.options)
            ),
        }),
    })
}

fn text_channel(stays: &Stays, sms: &crate::scheme::Sms, plate: &str) -> TextChannel {
    let keyword = &sms.keyword;
    let (syntax, example, lasts) = match stays.kind {
        StayKind::WholeDay => (
            format!("{keyword} <registration>"),
            format!("{keyword} {plate}"),
            "It starts straight away and lasts until 23:59 today.".to_owned(),
        ),
        StayKind::Duration => (
            format!("{keyword} <registration> <duration>"),
            format!("{keyword} {plate} {SAMPLE_DURATION}"),
            format!(
                "It starts straight away for the time you name: {}.",
                duration_options(stays)
            ),
        ),
    };
    TextChannel {
        number: sms.number.clone(),
        explanation: format!(
            "Text {example} to {} from the mobile number on your account. {lasts} It uses one of your visitor permits, and a text comes back to confirm it.",
            sms.number
        ),
        syntax,
        example,
    }
}

/// "option 2", "option 3, then option 1".
fn options_words(options: &[u32]) -> String {
    options
        .iter()
        .map(|o| format!("option {o}"))
        .collect::<Vec<_>>()
        .join(", then ")
}

/// The plate to show in a resident's example text: one of their own saved plates (their
/// vehicle permits' first, then their most recent stays'), else none and the sample is used.
pub fn example_plate<'a>(
    permit_vrms: impl IntoIterator<Item = &'a Vrm>,
    recent_stay_vrms: impl IntoIterator<Item = &'a Vrm>,
) -> Option<&'a Vrm> {
    permit_vrms
        .into_iter()
        .next()
        .or_else(|| recent_stay_vrms.into_iter().next())
}
