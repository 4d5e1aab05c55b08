//! Whether a resident's registration with a council lets them buy (REG-1, REG-3, REG-4, REG-5).

use crate::scheme::Scheme;
use crate::time::{add_months, display_date, local_date, start_of_day};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A registration as stored: what the council decided and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRecord {
    pub submitted_at: DateTime<Utc>,
    pub state: RegistrationState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RegistrationState {
    /// Waiting for an officer (REG-3).
    Pending,
    Approved {
        at: DateTime<Utc>,
    },
    /// The resident reapplies with a new registration (REG-3).
    Rejected {
        reason: String,
    },
}

/// What a registration means at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Usable; `until` where it lasts a limited time (REG-3: 3 months).
    Active {
        until: Option<DateTime<Utc>>,
    },
    /// An approved resident permit holder needs no visitor registration (REG-4).
    NotNeeded,
    Pending,
    Rejected {
        reason: String,
    },
    Expired {
        at: DateTime<Utc>,
    },
    Missing,
}

impl RegistrationStatus {
    pub fn allows_purchase(&self) -> bool {
        matches!(self, Self::Active { .. } | Self::NotNeeded)
    }

    /// What to tell the resident about it.
    pub fn explain(&self) -> String {
        match self {
            Self::Active { until: Some(until) } => {
                let last_day = local_date(*until - Duration::seconds(1));
                format!(
                    "Your registration is approved until {}.",
                    display_date(last_day)
                )
            }
            Self::Active { until: None } => "Your registration is approved.".into(),
            Self::NotNeeded => {
                "As a resident permit holder you do not need to register for visitor permits."
                    .into()
            }
            Self::Pending => "Your registration is waiting for the council's review.".into(),
            Self::Rejected { reason } => {
                format!("The council rejected your registration ({reason}). Please register again.")
            }
            Self::Expired { at } => format!(
                "Your registration expired on {}. Please register again with proof of address.",
                display_date(local_date(*at))
            ),
            Self::Missing => "Please register with the council first.".into(),
        }
    }
}

/// The status of the resident's latest registration at `now`.
pub fn registration_status(
    scheme: &Scheme,
    latest: Option<&RegistrationRecord>,
    holds_approved_resident_permit: bool,
    now: DateTime<Utc>,
) -> RegistrationStatus {
    if scheme.registration.exempt_if_resident_permit_holder && holds_approved_resident_permit {
        return RegistrationStatus::NotNeeded;
    }
    let Some(record) = latest else {
        return RegistrationStatus::Missing;
    };
    match &record.state {
        RegistrationState::Pending => RegistrationStatus::Pending,
        RegistrationState::Rejected { reason } => RegistrationStatus::Rejected {
            reason: reason.clone(),
        },
        RegistrationState::Approved { at } => match scheme.registration.validity_months {
            None => RegistrationStatus::Active { until: None },
            Some(months) => {
                // REG-3: approved on D, usable to the end of the day before D + 3 months.
                let until = start_of_day(add_months(local_date(*at), months));
                if now < until {
                    RegistrationStatus::Active { until: Some(until) }
                } else {
                    RegistrationStatus::Expired { at: until }
                }
            }
        },
    }
}
