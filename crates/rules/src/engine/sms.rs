//! Reading a text-message activation: `VISITOR <VRM>` or, where the council uses durations,
//! `VISITOR <VRM> <duration>` (ACT-4). People type these on phones, so case, spaces inside the
//! registration and the way a duration is written ("3h", "3 hours", "180m") are forgiven; a
//! text that cannot be honoured gets a reply that says why and shows the right syntax (ACT-5).

use crate::refusal::Refusal;
use crate::scheme::{StayKind, Stays};
use crate::types::{ParseError, Vrm};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What a well-formed activation text asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsActivation {
    pub vrm: Vrm,
    pub duration_minutes: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SmsRefusal {
    #[error("To park a visitor, text {syntax} to {number}.")]
    NotAnActivation { syntax: String, number: String },
    #[error("Add the visitor's registration: text {syntax} to {number}.")]
    VrmMissing { syntax: String, number: String },
    #[error("{problem} Text {syntax} to {number}.")]
    VrmInvalid {
        problem: String,
        syntax: String,
        number: String,
    },
    #[error("Add how long the visitor stays ({options}): text {syntax} to {number}.")]
    DurationMissing {
        options: String,
        syntax: String,
        number: String,
    },
    #[error("'{given}' is not a stay we offer; choose {options}. Text {syntax} to {number}.")]
    DurationNotOffered {
        given: String,
        options: String,
        syntax: String,
        number: String,
    },
}

impl Refusal for SmsRefusal {
    fn code(&self) -> &'static str {
        match self {
            Self::NotAnActivation { .. } => "sms_not_an_activation",
            Self::VrmMissing { .. } => "sms_vrm_missing",
            Self::VrmInvalid { .. } => "sms_vrm_invalid",
            Self::DurationMissing { .. } => "sms_duration_missing",
            Self::DurationNotOffered { .. } => "sms_duration_not_offered",
        }
    }
}

/// How to write an activation text at this council, as shown in replies.
pub fn sms_syntax(stays: &Stays) -> (String, String) {
    let (keyword, number) = stays
        .sms
        .as_ref()
        .map(|s| (s.keyword.clone(), s.number.clone()))
        .unwrap_or_else(|| ("VISITOR".into(), "61600".into()));
    let sample = super::channels::SAMPLE_VRM;
    let example = match stays.kind {
        StayKind::WholeDay => format!("{keyword} {sample}"),
        StayKind::Duration => format!("{keyword} {sample} 3h"),
    };
    (example, number)
}

/// "1 hour, 2 hours, ... or all day".
pub fn duration_options(stays: &Stays) -> String {
    let words: Vec<String> = stays
        .durations_minutes
        .iter()
        .map(|&m| describe_minutes(m))
        .collect();
    words.join(", ")
}

fn describe_minutes(minutes: u32) -> String {
    match minutes {
        1440 => "all day".into(),
        m if m % 60 == 0 => format!("{}h", m / 60),
        m => format!("{m}m"),
    }
}

/// Reads an activation text for a council's stays.
pub fn parse_sms(stays: &Stays, text: &str) -> Result<SmsActivation, SmsRefusal> {
    let (syntax, number) = sms_syntax(stays);
    let keyword = stays.sms.as_ref().map_or("VISITOR", |s| s.keyword.as_str());
    let words: Vec<String> = text
        .split_whitespace()
        .map(str::to_ascii_uppercase)
        .collect();
    let rest = match words.split_first() {
        Some((first, rest)) if first.eq_ignore_ascii_case(keyword) => rest,
        _ => return Err(SmsRefusal::NotAnActivation { syntax, number }),
    };
    if rest.is_empty() {
        return Err(SmsRefusal::VrmMissing { syntax, number });
    }
    let whole_vrm = Vrm::parse(&rest.concat());
    let (vrm, duration) = match (stays.kind, split_duration(rest)) {
        (StayKind::Duration, Some((vrm_words, minutes, given)))
            if Vrm::parse(&vrm_words.concat()).is_ok() || whole_vrm.is_err() =>
        {
            (Vrm::parse(&vrm_words.concat()), Some((minutes, given)))
        }
        _ => (whole_vrm, None),
    };
    let vrm = vrm.map_err(|e: ParseError| SmsRefusal::VrmInvalid {
        problem: e.to_string(),
        syntax: syntax.clone(),
        number: number.clone(),
    })?;
    let duration_minutes = match duration {
        None if stays.kind == StayKind::Duration => {
            let options = duration_options(stays);
            return Err(SmsRefusal::DurationMissing {
                options,
                syntax,
                number,
            });
        }
        None => None,
        Some((minutes, given)) => {
            if !stays.durations_minutes.contains(&minutes) {
                let options = duration_options(stays);
                return Err(SmsRefusal::DurationNotOffered {
                    given,
                    options,
                    syntax,
                    number,
                });
            }
            Some(minutes)
        }
    };
    Ok(SmsActivation {
        vrm,
        duration_minutes,
    })
}

/// Splits a trailing duration off the words: "3H", "3 HOURS", "180M", "ALL DAY", or a bare
/// number of hours. Returns the remaining words, the minutes and the words it read.
fn split_duration(words: &[String]) -> Option<(&[String], u32, String)> {
    let n = words.len();
    if n >= 3 && words[n - 2] == "ALL" && words[n - 1] == "DAY" {
        return Some((&words[..n - 2], 1440, "all day".into()));
    }
    if n < 2 {
        return None;
    }
    let (amount, unit) = (&words[n - 2], &words[n - 1]);
    let split_unit =
        amount.chars().all(|c| c.is_ascii_digit()) && !unit.chars().any(|c| c.is_ascii_digit());
    if split_unit && let Some(minutes) = read_duration(&format!("{amount}{unit}")) {
        return Some((
            &words[..n - 2],
            minutes,
            format!("{amount} {unit}").to_lowercase(),
        ));
    }
    if let Some(minutes) = read_duration(unit) {
        return Some((&words[..n - 1], minutes, unit.to_lowercase()));
    }
    None
}

/// "3H", "3HRS", "3HOURS", "180M", "90MINS", "3": minutes.
fn read_duration(token: &str) -> Option<u32> {
    let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
    let unit = &token[digits.len()..];
    let amount: u32 = digits.parse().ok()?;
    let per_unit = match unit {
        "" | "H" | "HR" | "HRS" | "HOUR" | "HOURS" => 60,
        "M" | "MIN" | "MINS" | "MINUTE" | "MINUTES" => 1,
        "DAY" if amount == 1 => 1440,
        _ => return None,
    };
    amount.checked_mul(per_unit).filter(|&m| m > 0)
}
