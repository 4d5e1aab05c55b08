//! The staff web app's reads and the admin's staff management (issue 17).

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{
    AuditEntry, EnforcementCheckEntry, NewColleague, Payment, ResidentMatch, ResidentRecord,
    RoleChange, StaffMember, Stay,
};

impl Client {
    /// GET `path` with `(name, value)` query pairs; empty values are left out.
    async fn get_with<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        pairs: &[(&str, &str)],
    ) -> Result<T, ClientError> {
        let given: Vec<&(&str, &str)> = pairs.iter().filter(|(_, v)| !v.is_empty()).collect();
        self.send(self.request(reqwest::Method::GET, path).query(&given))
            .await
    }

    pub async fn staff_members(&self) -> Result<Vec<StaffMember>, ClientError> {
        self.get("/admin/staff").await
    }

    pub async fn add_colleague(&self, new: &NewColleague) -> Result<StaffMember, ClientError> {
        self.post("/admin/staff", new).await
    }

    pub async fn set_staff_role(&self, id: &str, role: &str) -> Result<StaffMember, ClientError> {
        let request = self
            .request(
                reqwest::Method::PUT,
                &format!("/admin/staff/{}/role", seg(id)),
            )
            .json(&RoleChange { role: role.into() });
        self.send(request).await
    }

    pub async fn disable_staff(&self, id: &str) -> Result<StaffMember, ClientError> {
        self.post(
            &format!("/admin/staff/{}/disable", seg(id)),
            &serde_json::Value::Null,
        )
        .await
    }

    /// Residents of the officer's council matching a name, email, postcode or VRM.
    pub async fn find_residents(&self, search: &str) -> Result<Vec<ResidentMatch>, ClientError> {
        self.get_with("/officer/residents", &[("q", search)]).await
    }

    pub async fn resident_record(&self, id: &str) -> Result<ResidentRecord, ClientError> {
        self.get(&format!("/officer/residents/{}", seg(id))).await
    }

    pub async fn resident_stays(&self, id: &str) -> Result<Vec<Stay>, ClientError> {
        self.get(&format!("/officer/residents/{}/stays", seg(id)))
            .await
    }

    pub async fn resident_payments(&self, id: &str) -> Result<Vec<Payment>, ClientError> {
        self.get(&format!("/officer/residents/{}/payments", seg(id)))
            .await
    }

    /// The audit log narrowed by `(name, value)` filters: `actor`, `resident`, `kind`, `from`,
    /// `to`, `limit`, `offset`.
    pub async fn audit_log_where(
        &self,
        filters: &[(&str, &str)],
    ) -> Result<Vec<AuditEntry>, ClientError> {
        self.get_with("/officer/audit", filters).await
    }

    /// Enforcement checks of `vrm`, narrowed by `from`, `to`, `limit`, `offset`.
    pub async fn enforcement_checks(
        &self,
        vrm: &str,
        filters: &[(&str, &str)],
    ) -> Result<Vec<EnforcementCheckEntry>, ClientError> {
        let mut pairs = vec![("vrm", vrm)];
        pairs.extend_from_slice(filters);
        self.get_with("/officer/enforcement-checks", &pairs).await
    }
}
