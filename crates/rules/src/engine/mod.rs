//! The decisions. Each is a pure function of the council's scheme, the resident's history and
//! `now`, and answers with a typed result: what may happen, or why not and when it can.
//! Every refusal is a [`Refusal`](crate::Refusal): a stable code, the field at fault and a
//! message written for residents (its `Display`).

mod address;
mod allowance;
mod channels;
mod expiry_warning;
mod new_registration;
mod permit;
mod phone_stay;
mod purchase;
mod records;
mod registration;
mod review_desk;
mod saved_vehicles;
mod sms;
mod stay;
mod visit;

pub use address::{AddressChange, AddressChangeRefusal, address_change, new_zone_application};
pub use allowance::{AllowanceState, PastPurchase, Reset, allowance_state};
pub use channels::{
    BookingChannels, PhoneChannel, SAMPLE_VRM, TextChannel, booking_channels, example_plate,
};
pub use expiry_warning::{ExpiryWarning, UnusedPermits, expiry_warning_horizon, expiry_warnings};
pub use new_registration::{
    FirstRegistrationState, NewRegistration, RegistrationForm, RegistrationRefusal,
    RegistrationRefusals, first_registration_state,
};
pub use permit::{
    HeldPermit, PermitCancelRefusal, PermitCancellation, RenewalFacts, RenewalPayment,
    RenewalQuote, RenewalRefusal, cancel_permit, expiry_date, may_renew, renewal_opens_at,
    renewal_payment,
};
pub use phone_stay::{StayEndRefusal, stay_between};
pub use purchase::{
    PurchaseQuote, PurchaseRefusal, PurchaseRequest, bundle_expires_at, check_purchase,
};
pub use records::enforcement_checks_kept_from;
pub use registration::{
    RegistrationRecord, RegistrationState, RegistrationStatus, registration_status,
};
pub use review_desk::{ReviewClock, review_clock};
pub use saved_vehicles::{MAX_SAVED_VEHICLES, TooManySavedVehicles, may_save_vehicle};
pub use sms::{SmsActivation, SmsRefusal, duration_options, parse_sms, sms_syntax};
pub use stay::{
    BundleBalance, NoPermitLeft, StayCancelRefusal, StayCancellation, StayPlan, StayRefusal,
    StayRequest, cancel_deadline, latest_start_day, may_cancel_stay, permits_held, pick_bundle,
    plan_stay,
};
pub use visit::{OverlappingStay, check_overlap, pick_bundles, plan_visit};
