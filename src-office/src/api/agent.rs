//! The phone agent's calls (ACT-6): verify the caller, then act for them within the call. The
//! open call is kept in this tab's sessionStorage, so its pages reload at their own URL and
//! show whose call it is; ending the call forgets it.

use super::{ApiResult, Office, storage};
use permit_api_types::{
    AgentCall, AgentStayBooking, AutoRenew, CallerVerification, Permit, PermitCancelled, Stay,
    path_segment,
};

const CALL_KEY: &str = "permit-office-call";

/// The verified call this tab is on.
pub(crate) type OpenCall = AgentCall;

fn call_path(call: &str, rest: &str) -> String {
    format!("/agent/calls/{}{rest}", path_segment(call))
}

impl Office {
    /// Verifies the caller and keeps the call in this tab.
    pub(crate) async fn verify_caller(&self, caller: &CallerVerification) -> ApiResult<OpenCall> {
        let call: AgentCall = self.post("/agent/calls", caller).await?;
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&call)) {
            let _ = storage.set_item(CALL_KEY, &json);
        }
        Ok(call)
    }

    /// The call this tab holds, if it is `id`.
    pub(crate) fn open_call(&self, id: &str) -> Option<OpenCall> {
        let json = storage()?.get_item(CALL_KEY).ok().flatten()?;
        serde_json::from_str::<OpenCall>(&json)
            .ok()
            .filter(|call| call.id == id)
    }

    /// Ends the call in this tab (the server's call lapses on its own after 30 minutes).
    pub(crate) fn end_call(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(CALL_KEY);
        }
    }

    pub(crate) async fn caller_stays(&self, call: &str) -> ApiResult<Vec<Stay>> {
        self.get(&call_path(call, "/stays")).await
    }

    pub(crate) async fn book_for_caller(
        &self,
        call: &str,
        booking: &AgentStayBooking,
    ) -> ApiResult<Stay> {
        self.post(&call_path(call, "/stays"), booking).await
    }

    pub(crate) async fn cancel_caller_stay(&self, call: &str, stay: &str) -> ApiResult<Stay> {
        let rest = format!("/stays/{}/cancel", path_segment(stay));
        self.post(&call_path(call, &rest), &()).await
    }

    pub(crate) async fn caller_permits(&self, call: &str) -> ApiResult<Vec<Permit>> {
        self.get(&call_path(call, "/permits")).await
    }

    pub(crate) async fn cancel_caller_permit(
        &self,
        call: &str,
        permit: &str,
    ) -> ApiResult<PermitCancelled> {
        let rest = format!("/permits/{}/cancel", path_segment(permit));
        self.post(&call_path(call, &rest), &()).await
    }

    pub(crate) async fn set_caller_auto_renew(
        &self,
        call: &str,
        permit: &str,
        on: bool,
    ) -> ApiResult<Permit> {
        let rest = format!("/permits/{}/auto-renew", path_segment(permit));
        self.put(&call_path(call, &rest), &AutoRenew { on }).await
    }
}
