//! The service's own vocabulary, below storage and HTTP: the states things move through and the
//! roles staff hold, as enums rather than string literals.

pub mod states;

pub use states::{
    Bought, BundleState, Decided, OrderState, PaymentStatus, PermitState, RefundState,
    RegistrationState, RequestKind, RequestState, SessionKind, StaffRole, StaffTask, StayFilter,
    StayStatus, UnknownState,
};
