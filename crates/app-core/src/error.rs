//! The app's one error type. It crosses the IPC boundary as `{code, message}` (plus the
//! `field` at fault for bad input): a stable machine code the UI switches on and a sentence
//! for the resident. Nothing in it ever holds the session token.

use crate::backend::BackendError;
use crate::cache::CacheError;
use crate::inputs::InvalidInput;
use crate::session::SessionStoreError;
use permit_rules::Refusal;
use serde::ser::SerializeStruct;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No session on this device: show the login screen.
    #[error("Please log in.")]
    NotLoggedIn,
    /// The server ended the session (expired or revoked): login again, with this message.
    #[error("Your session has ended. Please log in again.")]
    SessionExpired,
    /// An action that only the server can do, attempted without a connection.
    #[error("{0} needs a connection to the council's service. Check your signal and try again.")]
    NeedsServer(&'static str),
    /// Offline, and nothing was saved on this device yet to show instead.
    #[error(
        "You're offline and nothing has been saved on this device yet. Connect once to see your stays offline."
    )]
    OfflineNoData,
    #[error("{}", .0.error)]
    InvalidInput(InvalidInput),
    /// The server refused, in its own words (wrong PIN, too many attempts, a council rule);
    /// after too many attempts, `retry_after` says in how many seconds to try again.
    #[error("{message}")]
    Refused {
        code: String,
        message: String,
        retry_after: Option<u64>,
    },
    #[error(
        "The council's service gave an answer this app does not understand. Please try again later."
    )]
    Unexpected(String),
    #[error("This device's secure storage could not be used: {0}")]
    Keyring(#[from] SessionStoreError),
    #[error("Saved data on this device could not be used: {0}")]
    Storage(#[from] CacheError),
    /// A file the resident asked for (a stay's calendar file) could not be written.
    #[error("The file could not be saved on this device: {0}")]
    FileNotSaved(String),
}

impl AppError {
    /// The stable machine code.
    pub fn code(&self) -> &str {
        match self {
            Self::NotLoggedIn => "not_logged_in",
            Self::SessionExpired => "session_expired",
            Self::NeedsServer(_) => "needs_server",
            Self::OfflineNoData => "offline_no_data",
            Self::InvalidInput(input) => input.error.code(),
            Self::Refused { code, .. } => code,
            Self::Unexpected(_) => "unexpected_response",
            Self::Keyring(_) => "secure_storage_failed",
            Self::Storage(_) => "local_storage_failed",
            Self::FileNotSaved(_) => "file_not_saved",
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            Self::InvalidInput(input) => Some(input.field),
            _ => None,
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Refused { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Maps a server failure for an action that cannot be done offline.
    pub(crate) fn from_backend(action: &'static str, error: BackendError) -> Self {
        match error {
            BackendError::Unreachable(_) => Self::NeedsServer(action),
            BackendError::Unauthorized => Self::SessionExpired,
            BackendError::Refused {
                code,
                message,
                retry_after,
            } => Self::Refused {
                code,
                message,
                retry_after,
            },
            BackendError::Unexpected(why) => Self::Unexpected(why),
        }
    }
}

impl From<InvalidInput> for AppError {
    fn from(input: InvalidInput) -> Self {
        Self::InvalidInput(input)
    }
}

impl serde::Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let field = self.field();
        let retry_after = self.retry_after();
        let len = 2 + usize::from(field.is_some()) + usize::from(retry_after.is_some());
        let mut out = serializer.serialize_struct("AppError", len)?;
        out.serialize_field("code", self.code())?;
        out.serialize_field("message", &self.to_string())?;
        if let Some(field) = field {
            out.serialize_field("field", field)?;
        }
        if let Some(seconds) = retry_after {
            out.serialize_field("retry_after", &seconds)?;
        }
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::Login;

    #[test]
    fn crosses_ipc_as_code_and_message() {
        let json = serde_json::to_value(AppError::SessionExpired).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({
                "code": "session_expired",
                "message": "Your session has ended. Please log in again.",
            })
        );
        let json = serde_json::to_value(AppError::NeedsServer("Booking a stay")).expect("json");
        assert_eq!(json["code"], "needs_server");
        assert_eq!(
            json["message"],
            "Booking a stay needs a connection to the council's service. Check your signal and try again."
        );
    }

    #[test]
    fn a_lockout_says_when_to_try_again() {
        let error = AppError::Refused {
            code: "too_many_attempts".into(),
            message: "Too many wrong PINs.".into(),
            retry_after: Some(600),
        };
        let json = serde_json::to_value(error).expect("json");
        assert_eq!(json["retry_after"], 600);
        assert_eq!(json["code"], "too_many_attempts");
    }

    #[test]
    fn bad_input_names_its_field() {
        let invalid = Login::parse("hampshire", "ada@example.org", "12").expect_err("bad pin");
        let json = serde_json::to_value(AppError::from(invalid)).expect("json");
        assert_eq!(json["code"], "invalid_pin_format");
        assert_eq!(json["field"], "pin");
    }
}
