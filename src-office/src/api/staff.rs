//! Staff login by emailed code (the server's attempt limits apply: 5 codes an hour, 10 wrong
//! codes in 15 minutes), logout, and who is logged in.

use super::{ApiResult, Office};
use permit_api_types::{StaffLogin, StaffMe, StaffPinRequest, StaffSession};

impl Office {
    pub(crate) async fn request_code(&self, email: &str) -> ApiResult<()> {
        let body = StaffPinRequest {
            email: email.to_owned(),
        };
        self.post("/staff/pin", &body).await
    }

    /// Logs in and keeps the session in this tab.
    pub(crate) async fn log_in(&self, email: &str, code: &str) -> ApiResult<()> {
        let body = StaffLogin {
            email: email.to_owned(),
            pin: code.to_owned(),
        };
        let session: StaffSession = self.post("/staff/session", &body).await?;
        self.keep_session(&session.token);
        Ok(())
    }

    /// The tab forgets the session whatever the server answers.
    pub(crate) async fn log_out(&self) -> ApiResult<()> {
        let result = self.post("/staff/logout", &()).await;
        self.forget_session();
        result
    }

    pub(crate) async fn me(&self) -> ApiResult<StaffMe> {
        self.get("/staff/me").await
    }
}
