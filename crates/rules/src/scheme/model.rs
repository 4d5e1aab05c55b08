use crate::types::{CouncilId, Pence, PermitType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One council's scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub id: CouncilId,
    pub name: String,
    /// The seed documents the rules come from.
    pub sources: Vec<String>,
    pub registration: Registration,
    /// Visitor stays; absent where the council sells no visitor bundles.
    pub stays: Option<Stays>,
    pub products: Vec<Product>,
    /// The council's back office: how soon it aims to decide, and its rejection reasons.
    pub review: ReviewDesk,
    /// How long the council keeps what it records about people (issue 20's log of checks).
    pub records: Records,
    /// Values the seeds leave open, keyed by where they sit in this file, with why we chose them.
    #[serde(default)]
    pub assumptions: BTreeMap<String, String>,
}

/// How a resident gets an account with this council (REG-1, REG-3, REG-4, REG-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registration {
    pub method: RegistrationMethod,
    /// Whether an officer approves each registration before it can be used (REG-3).
    pub review: bool,
    /// How long an approved registration lasts, where it expires (REG-3: 3 months).
    pub validity_months: Option<u32>,
    /// Holders of an approved resident permit need no visitor registration (REG-4).
    #[serde(default)]
    pub exempt_if_resident_permit_holder: bool,
    /// Documents accepted as proof, where proof is asked for.
    #[serde(default)]
    pub proof_documents: Vec<String>,
}

/// How the council's officers work through what waits for review (issue 17): every item in
/// the queue (registrations, purchases, vehicle changes, changes of address, evidence) is due
/// `review_target_hours` after it was submitted (REG-3: Cambridgeshire aims for 24 hours), and a
/// rejection gives the resident a reason, picked from these templates or typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewDesk {
    pub review_target_hours: u32,
    #[serde(default)]
    pub reject_reasons: Vec<String>,
}

/// How long the council keeps records that name vehicles. Every enforcement check is logged
/// (an officer reads a plate's checks to settle a disputed ticket), and a log of where
/// vehicles were seen must not grow without end: checks older than `enforcement_checks_days`
/// are deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Records {
    pub enforcement_checks_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationMethod {
    /// Council tax account number plus the property (REG-1).
    CouncilTaxAccount,
    /// An uploaded proof of address, reviewed by the council (REG-3).
    ProofOfAddress,
    /// Postcode, property and the resident's details create the account (REG-5).
    PropertyAndDetails,
}

/// How visitor stays work at this council (ACT-1 to ACT-7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stays {
    /// How many days after today a stay may start (ACT-1: 14).
    pub horizon_days: u32,
    pub kind: StayKind,
    /// The durations offered, in minutes, where `kind` is `duration`.
    #[serde(default)]
    pub durations_minutes: Vec<u32>,
    /// Until how many minutes after its start a stay can be cancelled (ACT-7: 5).
    pub cancel_until_minutes_after_start: u32,
    /// Whether a cancelled stay gives its permit back.
    pub cancel_returns_permit: bool,
    /// A start at most this many seconds in the past is taken as "now" (docs/rules.md, ACT-1).
    pub past_start_grace_seconds: u32,
    /// Multi-day visits: where permits last the whole day, how many consecutive days one
    /// booking may cover, each spending one permit. Absent (0) or 1: one day per booking.
    #[serde(default)]
    pub max_visit_days: u32,
    pub sms: Option<Sms>,
    /// The phone line where an agent books stays (ACT-6).
    pub phone: Option<PhoneLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StayKind {
    /// The stay lasts until the next local midnight (ACT-2).
    WholeDay,
    /// The stay lasts a chosen duration, within its local day.
    Duration,
}

/// Text-message activation (ACT-4, ACT-5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sms {
    pub number: String,
    pub keyword: String,
    /// Whether the text must name a duration (`VISITOR <VRM> <duration>`).
    pub duration_required: bool,
}

/// The council's phone line for booking a visitor stay with an agent (ACT-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneLine {
    /// The number to call, as residents dial it ("0300 555 1234").
    pub number: String,
    /// The keypad options that reach visitor bookings, in the order they are chosen.
    pub options: Vec<u32>,
}

/// Something a council sells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Product {
    VisitorBundle(VisitorBundle),
    VehiclePermit(VehiclePermit),
}

impl Product {
    pub fn id(&self) -> &PermitType {
        match self {
            Product::VisitorBundle(b) => &b.id,
            Product::VehiclePermit(v) => &v.id,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Product::VisitorBundle(b) => &b.name,
            Product::VehiclePermit(v) => &v.name,
        }
    }

    /// Whether an officer approves each purchase before it can be used (VP-6, RP-2).
    pub fn review(&self) -> bool {
        match self {
            Product::VisitorBundle(b) => b.review,
            Product::VehiclePermit(v) => v.review,
        }
    }

    /// Whether buying it needs the council's visitor registration (REG-1, REG-3). A resident
    /// permit is an application the council reviews on its own (RP-2), and holding one is
    /// what lets a resident skip visitor registration (REG-4).
    pub fn needs_visitor_registration(&self) -> bool {
        match self {
            Product::VisitorBundle(_) => true,
            Product::VehiclePermit(v) => v.category == PermitCategory::AnnualVisitor,
        }
    }
}

/// Visitor permits sold in bundles and spent one per stay (VP-1, VP-4, VP-5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitorBundle {
    pub id: PermitType,
    pub name: String,
    pub bundle_size: u32,
    pub price_pence: Pence,
    /// The most bundles in one transaction.
    pub max_quantity: u32,
    /// How long bought permits stay usable (VP-3: 12 months).
    pub validity_months: u32,
    /// VP-3 (issue 18): unused permits are warned about this many days before they expire;
    /// absent, no warning.
    #[serde(default)]
    pub expiry_warning_days: Option<u32>,
    pub review: bool,
    pub allowance: Option<Allowance>,
}

/// How many permits a resident may buy, and over which window (VP-2, VP-4, VP-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "window", rename_all = "snake_case")]
pub enum Allowance {
    /// At most `permits` per local calendar month (VP-4).
    CalendarMonth { permits: u32 },
    /// At most `permits` in a year that starts on `month`/`day` each year (VP-5: 1 April).
    YearFrom { permits: u32, month: u32, day: u32 },
    /// Permits bought on D can be bought again from D + 12 months (VP-2).
    Anniversary { permits: u32 },
}

impl Allowance {
    pub fn permits(&self) -> u32 {
        match *self {
            Allowance::CalendarMonth { permits }
            | Allowance::YearFrom { permits, .. }
            | Allowance::Anniversary { permits } => permits,
        }
    }
}

/// A permit for one vehicle over a period: resident permits (RP-1) and annual visitor permits
/// (AVP-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VehiclePermit {
    pub id: PermitType,
    pub name: String,
    pub category: PermitCategory,
    #[serde(default)]
    pub description: String,
    pub review: bool,
    /// The durations on offer with their prices, shown before purchase (RP-1).
    pub durations: Vec<DurationOption>,
    /// Renewal opens this many days before expiry (RP-4, AVP-3: 30).
    pub renewal_window_days: u32,
    /// Whether the permit renews itself unless turned off (RP-6).
    pub auto_renewal: bool,
    pub vrm_change: VrmChange,
    pub refund: RefundPolicy,
    /// Whether the permit belongs to the property's parking zone (RP-7).
    pub zone_bound: bool,
    /// Documents the council needs to see before it approves the permit (AVP-1: Care and Over
    /// State Pension Age), any one of them; a product asking for evidence is reviewed.
    #[serde(default)]
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermitCategory {
    Resident,
    AnnualVisitor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DurationOption {
    pub months: u32,
    pub price_pence: Pence,
}

/// How the vehicle on a permit is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VrmChange {
    /// The resident edits it (AVP-2, Edit Registration).
    Direct,
    /// A Vehicle Change Request, reviewed by the council (RP-3).
    Request,
}

/// What a resident gets back when cancelling a permit during its period (RP-5, AVP-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum RefundPolicy {
    /// Non-refundable (RP-5).
    None,
    /// The price of the whole months not yet started, less an admin fee.
    ProRataUnusedMonths { admin_fee_pence: Pence },
}
