//! Properties, registration, PIN login and the resident's account.

use crate::{Client, ClientError};
use permit_api_types::path_segment as seg;
use permit_api_types::{
    Accepted, AccountSettings, ContactChange, ContactCodeSent, ContactConfirmation, LoginRequest,
    Me, OutboxMessage, PinRequest, Property, Registration, RegistrationRequest, ReviewDecision,
    Session,
};

impl Client {
    pub async fn search_properties(
        &self,
        postcode: &str,
        house: &str,
    ) -> Result<Vec<Property>, ClientError> {
        let request = self
            .request(reqwest::Method::GET, "/properties")
            .query(&[("postcode", postcode), ("house", house)]);
        self.send(request).await
    }

    pub async fn register(
        &self,
        council: &str,
        request: &RegistrationRequest,
    ) -> Result<Registration, ClientError> {
        self.post(
            &format!("/councils/{}/registrations", seg(council)),
            request,
        )
        .await
    }

    /// REG-3: uploads proof of address (`content_type`: application/pdf, image/jpeg or image/png).
    pub async fn upload_registration_proof(
        &self,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<Registration, ClientError> {
        let request = self
            .request(reqwest::Method::PUT, "/me/registration/proof")
            .header("content-type", content_type)
            .body(bytes);
        self.send(request).await
    }

    /// REG-2, ACT-4: sends a code to a new email or mobile for the account.
    pub async fn add_contact(&self, contact: &str) -> Result<ContactCodeSent, ClientError> {
        let body = ContactChange {
            contact: contact.into(),
        };
        self.post("/me/contacts", &body).await
    }

    /// REG-2, ACT-4: links the new contact with the code sent to it.
    pub async fn confirm_contact(&self, contact: &str, code: &str) -> Result<Me, ClientError> {
        let body = ContactConfirmation {
            contact: contact.into(),
            code: code.into(),
        };
        self.post("/me/contacts/confirm", &body).await
    }

    /// VP-3 (issue 18): the account's settings (expiry warnings on or off).
    pub async fn settings(&self) -> Result<AccountSettings, ClientError> {
        self.get("/me/settings").await
    }

    pub async fn set_settings(
        &self,
        settings: &AccountSettings,
    ) -> Result<AccountSettings, ClientError> {
        let request = self
            .request(reqwest::Method::PUT, "/me/settings")
            .json(settings);
        self.send(request).await
    }

    pub async fn request_pin(&self, council: &str, contact: &str) -> Result<Accepted, ClientError> {
        let body = PinRequest {
            council: council.into(),
            contact: contact.into(),
        };
        self.post("/auth/pin", &body).await
    }

    pub async fn log_in(
        &self,
        council: &str,
        contact: &str,
        pin: &str,
    ) -> Result<Session, ClientError> {
        let body = LoginRequest {
            council: council.into(),
            contact: contact.into(),
            pin: pin.into(),
        };
        self.post("/auth/session", &body).await
    }

    pub async fn log_out(&self) -> Result<(), ClientError> {
        self.post("/auth/logout", &()).await
    }

    pub async fn log_out_everywhere(&self) -> Result<(), ClientError> {
        self.post("/auth/logout-all", &()).await
    }

    pub async fn me(&self) -> Result<Me, ClientError> {
        self.get("/me").await
    }

    /// Test mode: messages sent to an email or mobile, newest first.
    pub async fn outbox(&self, recipient: &str) -> Result<Vec<OutboxMessage>, ClientError> {
        let request = self
            .request(reqwest::Method::GET, "/operator/outbox")
            .query(&[("recipient", recipient)]);
        self.send(request).await
    }

    /// Test mode: the council's decision on a pending registration (REG-3).
    pub async fn decide_registration(
        &self,
        id: &str,
        decision: &ReviewDecision,
    ) -> Result<(), ClientError> {
        self.post(
            &format!("/operator/registrations/{}/decision", seg(id)),
            decision,
        )
        .await
    }
}
