//! What the API shows of stored rows: domain rows turned into `permit-api-types` bodies. The
//! route handlers answer with them, and so do the services whose answers are stored and
//! replayed (purchases, renewals), which is why they live outside `routes/`.

mod permit;
mod property;
mod registration;
mod stay;
mod stay_calendar;
mod vehicle;

pub use permit::{permit_view, renewal_facts};
pub use property::property_view;
pub use registration::{record as registration_record, registration_view};
pub use stay::{stay_view, stay_with_visit};
pub use stay_calendar::{StayEvent, stay_calendar};
pub use vehicle::vehicle_view;
