//! States, kinds and roles. Each is stored (or sent) as its string name: the same text the
//! database has always held, so rows written before these enums read back unchanged. A name
//! the service does not know, read from the database, is a decode error (a 500), not a panic.

use std::fmt;
use std::str::FromStr;

/// A name that is not one of an enum's: which enum, and the text found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownState {
    pub kind: &'static str,
    pub text: String,
}

impl fmt::Display for UnknownState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {}: {:?}", self.kind, self.text)
    }
}

impl std::error::Error for UnknownState {}

/// An enum with one string name per variant: `as_str`, `FromStr`, `Display` and
/// `TryFrom<String>` (what `#[sqlx(try_from = "String")]` reads a column with).
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant,)+];

            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownState;

            fn from_str(text: &str) -> Result<Self, UnknownState> {
                match text {
                    $($text => Ok(Self::$variant),)+
                    _ => Err(UnknownState { kind: stringify!($name), text: text.to_owned() }),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownState;

            fn try_from(text: String) -> Result<Self, UnknownState> {
                text.parse()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// How a resident's session travels (issue 19): a bearer token the client holds, or a
    /// token in an `HttpOnly` cookie ("keep me signed in on this device"). A token is accepted
    /// only the way it was issued; lifetimes per kind are in `auth`.
    SessionKind {
        Bearer = "bearer",
        Cookie = "cookie",
    }
}

named_enum! {
    /// A registration application (REG-3): proof may be due, then the council decides.
    RegistrationState {
        AwaitingProof = "awaiting_proof",
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

named_enum! {
    /// Visitor permits bought together (VP-6: a purchase may be held for review).
    BundleState {
        Active = "active",
        PendingReview = "pending_review",
        Rejected = "rejected",
    }
}

named_enum! {
    /// A vehicle permit (RP-2: a purchase may be held for review; RP-5, AVP-4: cancelled).
    PermitState {
        Active = "active",
        PendingReview = "pending_review",
        Rejected = "rejected",
        Cancelled = "cancelled",
    }
}

named_enum! {
    /// What a permit request asks the council for.
    RequestKind {
        /// RP-3: the new VRM.
        VehicleChange = "vehicle_change",
        /// RP-7, AVP-5: the new property.
        ChangeOfAddress = "change_of_address",
        /// RP-7, a move to another zone: a new permit at the new property (the detail), with
        /// proof of address and the V5C; the old permit ends when it is approved.
        NewZonePermit = "new_zone_permit",
    }
}

named_enum! {
    /// A permit request, waiting for or given the council's decision.
    RequestState {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

named_enum! {
    /// A paid purchase (VP-7): refunded once the whole amount has been returned.
    PaymentStatus {
        Paid = "paid",
        Refunded = "refunded",
    }
}

named_enum! {
    /// A two-phase purchase (issue 16): made before the payer goes to the provider's hosted
    /// page; it holds the allowance it would use while `AwaitingPayment`. The others are final.
    OrderState {
        /// Made by the service for the link a renewal email sends (RP-4, RP-6, where there is no
        /// agreement to charge): it holds nothing and has no payment until the resident
        /// continues to payment, which makes it `AwaitingPayment`.
        Ready = "ready",
        AwaitingPayment = "awaiting_payment",
        Paid = "paid",
        Declined = "declined",
        Cancelled = "cancelled",
        Failed = "failed",
        Expired = "expired",
        /// Paid, but what it was for could no longer be issued (a renewal whose permit was
        /// renewed or ended meanwhile): the payment is returned in full.
        Refunded = "refunded",
    }
}

named_enum! {
    /// A refund through the payment provider: recorded with its decision, then sent (retried
    /// while the provider cannot be reached).
    RefundState {
        Pending = "pending",
        Sent = "sent",
        Failed = "failed",
    }
}

named_enum! {
    /// A stay as the resident sees it at an instant (not stored: worked out from its times).
    StayStatus {
        Upcoming = "upcoming",
        Active = "active",
        Ended = "ended",
        Cancelled = "cancelled",
    }
}

named_enum! {
    /// Which stays a list shows: not yet ended, or ended and cancelled.
    StayFilter {
        Upcoming = "upcoming",
        Past = "past",
    }
}

named_enum! {
    /// Council staff: officers review applications; agents act for residents on the phone
    /// (ACT-6); admins manage their council's staff.
    StaffRole {
        Officer = "officer",
        Agent = "agent",
        Admin = "admin",
    }
}

/// What a member of staff does in the back office; [`StaffRole::may`] says who does what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffTask {
    /// The review queue, its proofs and decisions.
    Review,
    /// Resident lookup and a resident's records.
    LookUpResidents,
    /// The audit log.
    ReadAudit,
    /// The enforcement-check log (disputed tickets).
    ReadEnforcementLog,
    /// Phone calls for a verified caller (ACT-6).
    TakeCalls,
    /// Adding, re-roling and disabling the council's staff.
    ManageStaff,
}

impl StaffRole {
    /// The one table of who may do what. Agents see a resident only through a verified call,
    /// never by searching; admins read the audit log because it records what staff did.
    pub const fn may(self, task: StaffTask) -> bool {
        use StaffTask as T;
        matches!(
            (self, task),
            (
                Self::Officer,
                T::Review | T::LookUpResidents | T::ReadAudit | T::ReadEnforcementLog
            ) | (Self::Agent, T::TakeCalls)
                | (Self::Admin, T::ManageStaff | T::ReadAudit)
        )
    }
}

/// Where the rules start a new registration (REG-3).
impl From<permit_rules::FirstRegistrationState> for RegistrationState {
    fn from(first: permit_rules::FirstRegistrationState) -> Self {
        use permit_rules::FirstRegistrationState as First;
        match first {
            First::AwaitingProof => Self::AwaitingProof,
            First::Pending => Self::Pending,
            First::Approved => Self::Approved,
        }
    }
}

/// Something the council approves or rejects: where its decision leaves it.
pub trait Decided: Copy {
    const APPROVED: Self;
    const REJECTED: Self;

    fn decided(approve: bool) -> Self {
        if approve {
            Self::APPROVED
        } else {
            Self::REJECTED
        }
    }
}

/// A purchase's permits: held while the council reviews them (VP-6, RP-2), usable at once
/// otherwise.
pub trait Bought: Decided {
    const HELD: Self;

    fn bought(needs_review: bool) -> Self {
        if needs_review {
            Self::HELD
        } else {
            Self::APPROVED
        }
    }
}

/// Which variant approval, rejection and (for purchases) review lead to.
macro_rules! decisions {
    ($($name:ident: $approved:ident, $rejected:ident $(, held $held:ident)?;)+) => {$(
        impl Decided for $name {
            const APPROVED: Self = Self::$approved;
            const REJECTED: Self = Self::$rejected;
        }
        $(impl Bought for $name {
            const HELD: Self = Self::$held;
        })?
    )+};
}

decisions! {
    RegistrationState: Approved, Rejected;
    RequestState: Approved, Rejected;
    BundleState: Active, Rejected, held PendingReview;
    PermitState: Active, Rejected, held PendingReview;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T>(all: &[T])
    where
        T: Copy + PartialEq + fmt::Debug + fmt::Display + FromStr<Err = UnknownState>,
    {
        for value in all {
            assert_eq!(value.to_string().parse::<T>(), Ok(*value));
        }
    }

    #[test]
    fn every_name_reads_back_as_its_variant() {
        round_trips(RegistrationState::ALL);
        round_trips(BundleState::ALL);
        round_trips(PermitState::ALL);
        round_trips(RequestKind::ALL);
        round_trips(RequestState::ALL);
        round_trips(PaymentStatus::ALL);
        round_trips(OrderState::ALL);
        round_trips(RefundState::ALL);
        round_trips(StayStatus::ALL);
        round_trips(StayFilter::ALL);
        round_trips(StaffRole::ALL);
    }

    /// The names are what the database already holds: changing one would need a migration.
    #[test]
    fn stored_names_are_unchanged() {
        assert_eq!(RegistrationState::AwaitingProof.as_str(), "awaiting_proof");
        assert_eq!(PermitState::PendingReview.as_str(), "pending_review");
        assert_eq!(RequestKind::ChangeOfAddress.as_str(), "change_of_address");
        assert_eq!(PaymentStatus::Refunded.as_str(), "refunded");
        assert_eq!(StaffRole::Agent.as_str(), "agent");
    }

    #[test]
    fn an_unknown_name_is_an_error_naming_the_enum() {
        let error = "archived".parse::<PermitState>().expect_err("unknown");
        assert_eq!(error.kind, "PermitState");
        assert_eq!(error.to_string(), "unknown PermitState: \"archived\"");
        assert!(StaffRole::try_from("Officer".to_owned()).is_err());
    }

    #[test]
    fn only_admins_manage_staff_and_only_agents_take_calls() {
        for role in StaffRole::ALL {
            assert_eq!(role.may(StaffTask::ManageStaff), *role == StaffRole::Admin);
            assert_eq!(role.may(StaffTask::TakeCalls), *role == StaffRole::Agent);
            assert_eq!(role.may(StaffTask::Review), *role == StaffRole::Officer);
        }
        assert!(!StaffRole::Agent.may(StaffTask::LookUpResidents));
    }
}
