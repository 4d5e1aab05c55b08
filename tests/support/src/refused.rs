//! The check of a refusal: the server's `{code, message, field}` error body and its status.

use permit_client::ClientError;
use permit_client::types::ErrorBody;

/// What a refusal can be checked from: a client error, or the result of a call that should
/// have been refused.
pub trait Refusal {
    /// The status and error body; panics when the call succeeded or got no API answer.
    fn status_and_body(self) -> (u16, ErrorBody);
}

impl Refusal for &ClientError {
    #[track_caller]
    fn status_and_body(self) -> (u16, ErrorBody) {
        match self {
            ClientError::Api { status, body, .. } => (*status, body.clone()),
            other => panic!("not a refusal from the server: {other}"),
        }
    }
}

impl Refusal for ClientError {
    #[track_caller]
    fn status_and_body(self) -> (u16, ErrorBody) {
        (&self).status_and_body()
    }
}

impl<T: std::fmt::Debug> Refusal for Result<T, ClientError> {
    #[track_caller]
    fn status_and_body(self) -> (u16, ErrorBody) {
        match self {
            Ok(answer) => panic!("not refused: {answer:?}"),
            Err(error) => error.status_and_body(),
        }
    }
}

/// Asserts the server refused with `code`, and with `status` and against `field` where those
/// are given (`None` leaves them unchecked): `assert_refused(&error, 422, "vrm_required",
/// "vrm")`.
#[track_caller]
pub fn assert_refused<'a>(
    refused: impl Refusal,
    status: impl Into<Option<u16>>,
    code: &str,
    field: impl Into<Option<&'a str>>,
) {
    let (actual_status, body) = refused.status_and_body();
    let (status, field) = (status.into(), field.into());
    assert_eq!(
        (
            status.map(|_| actual_status),
            body.code.as_str(),
            field.map(|_| body.field.as_deref())
        ),
        (status, code, field.map(Some)),
        "(status, code, field) of the refusal \"{}\"",
        body.message
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(status: u16, code: &str, field: Option<&str>) -> ClientError {
        ClientError::Api {
            status,
            body: ErrorBody {
                code: code.into(),
                message: "refused".into(),
                field: field.map(Into::into),
            },
            retry_after: None,
        }
    }

    #[test]
    fn a_matching_refusal_passes_and_unnamed_parts_are_not_checked() {
        let error = refusal(422, "vrm_required", Some("vrm"));
        assert_refused(&error, 422, "vrm_required", "vrm");
        assert_refused(&error, None, "vrm_required", None);
        assert_refused(Err::<(), _>(error), 422, "vrm_required", None);
    }

    #[test]
    #[should_panic(expected = "(status, code, field)")]
    fn another_code_fails() {
        assert_refused(
            refusal(422, "vrm_required", None),
            None,
            "pin_invalid",
            None,
        );
    }

    #[test]
    #[should_panic(expected = "(status, code, field)")]
    fn another_status_fails() {
        assert_refused(
            refusal(409, "vrm_required", None),
            422,
            "vrm_required",
            None,
        );
    }

    #[test]
    #[should_panic(expected = "(status, code, field)")]
    fn another_field_or_none_fails() {
        assert_refused(
            refusal(422, "vrm_required", None),
            422,
            "vrm_required",
            "vrm",
        );
    }

    #[test]
    #[should_panic(expected = "not refused")]
    fn a_success_fails() {
        assert_refused(Ok::<_, ClientError>(()), 422, "vrm_required", None);
    }
}
