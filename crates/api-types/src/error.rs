use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Every error response: a stable machine `code`, a message for people, and the request
/// field at fault where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `not_found`, `pin_invalid`, `allowance_exceeded`.
    pub code: String,
    /// A human message, safe to show to the resident.
    pub message: String,
    /// The request field at fault, where one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
