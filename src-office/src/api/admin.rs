//! An admin's staff management: their council's staff a page at a time, adding a member,
//! setting a role and disabling (which ends the member's sessions at once).

use super::{ApiError, ApiResult, Office, query};
use permit_api_types::{NewColleague, RoleChange, StaffMember, path_segment};

/// The most the server gives in one page of `/admin/staff`.
const STAFF_PAGE: u32 = 100;

impl Office {
    pub(crate) async fn staff_page(&self, offset: u32, limit: u32) -> ApiResult<Vec<StaffMember>> {
        let (offset, limit) = (offset.to_string(), limit.min(STAFF_PAGE).to_string());
        let pairs = [("limit", limit.as_str()), ("offset", offset.as_str())];
        self.get(&format!("/admin/staff?{}", query(&pairs))).await
    }

    /// One member, found by reading the list a page at a time (the API has no single read).
    pub(crate) async fn staff_member(&self, id: &str) -> ApiResult<StaffMember> {
        let mut offset = 0;
        loop {
            let page = self.staff_page(offset, STAFF_PAGE).await?;
            let full = page.len() as u32 == STAFF_PAGE;
            if let Some(found) = page.into_iter().find(|m| m.id == id) {
                return Ok(found);
            }
            if !full {
                return Err(ApiError {
                    status: 404,
                    code: "not_found".into(),
                    message: "There is no such member of staff at your council.".into(),
                    field: None,
                    retry_after: None,
                });
            }
            offset += STAFF_PAGE;
        }
    }

    pub(crate) async fn add_staff(&self, new: &NewColleague) -> ApiResult<StaffMember> {
        self.post("/admin/staff", new).await
    }

    pub(crate) async fn set_role(&self, id: &str, role: &str) -> ApiResult<StaffMember> {
        let change = RoleChange {
            role: role.to_owned(),
        };
        self.put(&format!("/admin/staff/{}/role", path_segment(id)), &change)
            .await
    }

    pub(crate) async fn disable_staff(&self, id: &str) -> ApiResult<StaffMember> {
        self.post(&format!("/admin/staff/{}/disable", path_segment(id)), &())
            .await
    }
}
