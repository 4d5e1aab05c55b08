//! Request limits where abuse is cheap: sliding windows counted in the database (table
//! `attempts`), so each limit holds across every server process on one database, and read
//! through the injected clock like everything else. Refusals answer 429 with the exact
//! seconds until the oldest counted attempt leaves the window. The numbers are listed in
//! crates/server/README.md.

use crate::db::{Conn, attempts};
use crate::error::ApiError;
use chrono::{DateTime, Duration, Utc};

#[cfg(test)]
mod in_readme;

/// At most `max` attempts of one kind by one subject in any `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    kind: &'static str,
    pub max: i64,
    pub window: Duration,
    code: &'static str,
    message: &'static str,
}

/// The subject of a limit that counts everyone's attempts together.
pub const EVERYONE: &str = "*";

const ASK_LATER: &str = "Too many PINs have been asked for. Please wait and try again.";

/// PIN requests for one email or mobile, registered or not (so the answer tells nothing).
pub const PIN_REQUESTS_PER_CONTACT: Limit = Limit {
    kind: "pin_request_contact",
    max: 5,
    window: Duration::hours(1),
    code: "too_many_pin_requests",
    message: ASK_LATER,
};

/// PIN requests from one client IP, whatever the contacts.
pub const PIN_REQUESTS_PER_IP: Limit = Limit {
    kind: "pin_request_ip",
    max: 20,
    window: Duration::hours(1),
    code: "too_many_pin_requests",
    message: ASK_LATER,
};

/// PIN requests from everyone: a cap on what the email and SMS channels can be made to send.
pub const PIN_REQUESTS_OVERALL: Limit = Limit {
    kind: "pin_request_all",
    max: 300,
    window: Duration::minutes(1),
    code: "too_many_pin_requests",
    message: ASK_LATER,
};

/// Wrong PINs from one client IP, across any number of accounts (each account also locks
/// after 10 in 15 minutes: auth::MAX_WRONG_PINS).
pub const WRONG_PINS_PER_IP: Limit = Limit {
    kind: "wrong_pin_ip",
    max: 50,
    window: Duration::hours(1),
    code: "too_many_attempts",
    message: "Too many wrong PINs. Please wait and try again.",
};

/// Login codes asked for one staff address, a member of staff's or not.
pub const STAFF_CODE_REQUESTS: Limit = Limit {
    kind: "staff_code_request",
    max: 5,
    window: Duration::hours(1),
    code: "too_many_code_requests",
    message: "Too many login codes have been asked for. Please wait and try again.",
};

/// Wrong login codes for one staff address: a lockout like residents'.
pub const STAFF_WRONG_CODES: Limit = Limit {
    kind: "staff_wrong_code",
    max: 10,
    window: Duration::minutes(15),
    code: "too_many_attempts",
    message: "Too many wrong codes. Please wait and try again.",
};

const CODES_LATER: &str = "Too many codes have been asked for. Please wait and try again.";

/// Codes asked for to confirm a new email or mobile, by one account (REG-2).
pub const CONTACT_CODES_PER_ACCOUNT: Limit = Limit {
    kind: "contact_code_account",
    max: 5,
    window: Duration::hours(1),
    code: "too_many_code_requests",
    message: CODES_LATER,
};

/// Codes sent to one email or mobile, whichever accounts ask: nobody can make the service
/// flood someone else's inbox or phone.
pub const CONTACT_CODES_PER_CONTACT: Limit = Limit {
    kind: "contact_code_contact",
    max: 5,
    window: Duration::hours(1),
    code: "too_many_code_requests",
    message: CODES_LATER,
};

/// Wrong confirmation codes by one account: a lockout like the PIN's.
pub const CONTACT_WRONG_CODES: Limit = Limit {
    kind: "contact_wrong_code",
    max: 10,
    window: Duration::minutes(15),
    code: "too_many_attempts",
    message: "Too many wrong codes. Please wait and try again.",
};

const WRONG_ACCOUNT: &str = "Too many wrong council tax account numbers. Please wait and try again, or contact the council.";

/// Wrong council tax account numbers given for one property.
pub const COUNCIL_TAX_PER_PROPERTY: Limit = Limit {
    kind: "council_tax_property",
    max: 5,
    window: Duration::hours(24),
    code: "too_many_attempts",
    message: WRONG_ACCOUNT,
};

/// Wrong council tax account numbers from one client IP, whatever the properties.
pub const COUNCIL_TAX_PER_IP: Limit = Limit {
    kind: "council_tax_ip",
    max: 20,
    window: Duration::hours(24),
    code: "too_many_attempts",
    message: WRONG_ACCOUNT,
};

/// Wrong or missing operator tokens (test mode), everyone's together: the operator endpoints
/// are loopback-only, so every caller is one machine.
pub const OPERATOR_WRONG_TOKENS: Limit = Limit {
    kind: "operator_wrong_token",
    max: 10,
    window: Duration::minutes(15),
    code: "too_many_attempts",
    message: "Too many wrong operator tokens. Please wait and try again.",
};

/// Unknown payment return page tokens (issue 16: the page a payer paying from the app comes
/// back to, named by a 256-bit token) from one client IP: no one stumbles on many by chance.
pub const UNKNOWN_RETURN_TOKENS_PER_IP: Limit = Limit {
    kind: "return_token_ip",
    max: 20,
    window: Duration::minutes(15),
    code: "too_many_attempts",
    message: "Too many wrong payment page addresses. Please wait and try again.",
};

/// Reads of one order's payment from the provider on a resident's or payer's request (the
/// return pages and the app, which follow an order while it awaits payment): a reloaded page
/// cannot make the provider be asked without end. Over it, the order is answered as stored;
/// the provider's notification and the reconciliation job still settle it.
pub const PROVIDER_READS_PER_ORDER: Limit = Limit {
    kind: "provider_read_order",
    max: 60,
    window: Duration::minutes(15),
    code: "too_many_attempts",
    message: "This payment has been checked many times. Please wait and try again.",
};

/// The most items one page of a list holds (payments, stays, the review queue, the audit log):
/// `?limit=` above it is a 400 (`routes::common::Page`).
pub const MAX_PAGE: u32 = 100;

impl Limit {
    /// Refuses (429) when `subject` already has `max` attempts in the window.
    pub async fn check(
        &self,
        conn: &mut Conn,
        subject: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let (count, oldest) =
            attempts::count_since(conn, self.kind, subject, now - self.window).await?;
        if count < self.max {
            return Ok(());
        }
        let oldest = oldest.unwrap_or_else(|| now.timestamp());
        let left = oldest
            .saturating_add(self.window.num_seconds())
            .saturating_sub(now.timestamp());
        Err(ApiError::Limited {
            code: self.code,
            message: self.message,
            retry_after_secs: u64::try_from(left).unwrap_or(0).max(1),
        })
    }

    /// Counts one attempt by `subject`.
    pub async fn record(
        &self,
        conn: &mut Conn,
        subject: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        Ok(attempts::record(conn, self.kind, subject, now).await?)
    }

    /// Whether `subject` is under the limit; counts this attempt when it is. For limits whose
    /// refusal is not an error to the caller but a cheaper answer.
    pub async fn allows(
        &self,
        conn: &mut Conn,
        subject: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, ApiError> {
        match self.take(conn, subject, now).await {
            Ok(()) => Ok(true),
            Err(ApiError::Limited { .. }) => Ok(false),
            Err(error) => Err(error),
        }
    }

    /// Refuses when over the limit, else counts this attempt.
    pub async fn take(
        &self,
        conn: &mut Conn,
        subject: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        self.check(conn, subject, now).await?;
        self.record(conn, subject, now).await
    }
}
