//! Actions the server does and the app only passes on: nothing is saved for them, so offline
//! they answer `needs_server`, and an ended session sends the resident to login as everywhere.
//! Inputs are parsed here first; answers are the API's own bodies.

use crate::backend::{anonymous, classify};
use crate::inputs::{IdempotencyKey, ProofUpload, field};
use crate::{AppCore, AppError};
use chrono::{DateTime, Utc};
use permit_api_types::{
    AccountSettings, ContactCodeSent, Me, Payment, PaymentOrder, PaymentReturn, Permit,
    PermitRequest, Property, PurchaseOrder, ReadyRenewalPayment, Registration, RegistrationRequest,
    RenewalOrder,
};
use permit_client::{Client, ClientError};
use permit_rules::{CouncilId, Postcode, Vrm};
use std::future::Future;

impl AppCore<Client> {
    /// A call that needs no session (property search, registration, the server's clock).
    async fn as_anyone<T, F, Fut>(&self, action: &'static str, call: F) -> Result<T, AppError>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, ClientError>>,
    {
        let call = async { call(self.backend().clone()).await.map_err(anonymous) };
        self.bounded(call)
            .await
            .map_err(|e| AppError::from_backend(action, e))
    }

    /// A call made as the logged-in resident.
    pub(crate) async fn as_resident<T, F, Fut>(
        &self,
        action: &'static str,
        call: F,
    ) -> Result<T, AppError>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, ClientError>>,
    {
        let token = self.token()?;
        let call = async {
            call(self.backend().with_token(token.expose()))
                .await
                .map_err(classify)
        };
        self.bounded(call)
            .await
            .map_err(|e| self.ended_session_or(action, e))
    }

    /// After a change to permits or balances: refresh the saved copy so it is right offline.
    /// The change itself has succeeded, so a failed refresh is only logged; the next
    /// dashboard call syncs again.
    pub(crate) async fn refresh_saved_copy(&self) {
        if let Err(error) = self.dashboard().await {
            tracing::warn!(code = error.code(), "could not refresh the saved copy");
        }
    }

    /// The service's "now" (the test clock's in a demo), for date pickers.
    pub async fn server_now(&self) -> Result<DateTime<Utc>, AppError> {
        let health = self
            .as_anyone("Checking the time", |c| async move { c.health().await })
            .await?;
        Ok(health.now)
    }

    /// REG-1, REG-5: properties at a postcode (and house number or name).
    pub async fn search_properties(
        &self,
        postcode: &str,
        house: &str,
    ) -> Result<Vec<Property>, AppError> {
        let postcode = field("postcode", Postcode::parse(postcode))?;
        self.as_anyone("Finding an address", |c| async move {
            c.search_properties(postcode.as_str(), house).await
        })
        .await
    }

    /// REG-1, REG-3, REG-5: registers at a council (the server checks the details).
    pub async fn register(
        &self,
        council: &str,
        request: &RegistrationRequest,
    ) -> Result<Registration, AppError> {
        let council = field("council", CouncilId::parse(council))?;
        self.as_anyone("Registering", |c| async move {
            c.register(council.as_str(), request).await
        })
        .await
    }

    /// REG-3: proof of address for a registration under review.
    pub async fn upload_registration_proof(
        &self,
        upload: ProofUpload,
    ) -> Result<Registration, AppError> {
        self.as_resident("Uploading proof", |c| async move {
            c.upload_registration_proof(&upload.content_type, upload.bytes)
                .await
        })
        .await
    }

    /// VP-1, VP-4, VP-5, RP-1, AVP-1 (issue 16): an order awaiting payment on the provider's
    /// hosted page (its `next_url`), holding what it would use; the same key answers with the
    /// same order, so it never pays twice. The app takes no card: the shell opens the page in
    /// the system browser and the UI follows the order with [`Self::purchase_order`]; the
    /// provider sends that browser, which has no session, to the server's page that only says
    /// whether the payment went through (`return_to: app`).
    pub async fn start_purchase(
        &self,
        idempotency_key: &str,
        order: &PurchaseOrder,
    ) -> Result<PaymentOrder, AppError> {
        let key = IdempotencyKey::parse(idempotency_key)?;
        let order = &PurchaseOrder {
            return_to: PaymentReturn::App,
            ..order.clone()
        };
        self.as_resident("Buying", |c| async move {
            c.start_purchase(key.as_str(), order).await
        })
        .await
    }

    /// RP-4, AVP-3: a renewal within its window as an order awaiting payment on the hosted
    /// page, for `duration_months` where the permit is sold for several (the server refuses a
    /// renewal that does not say which), with the "Renew automatically" answer where it was
    /// asked (RP-6: ticked, the payment sets up the card the next renewal is charged to).
    pub async fn start_renewal(
        &self,
        id: &str,
        idempotency_key: &str,
        (duration_months, auto_renew): (Option<u32>, Option<bool>),
    ) -> Result<PaymentOrder, AppError> {
        let key = IdempotencyKey::parse(idempotency_key)?;
        // Paid in the system browser, as a purchase is.
        let order = RenewalOrder {
            duration_months,
            auto_renew,
            return_to: PaymentReturn::App,
        };
        self.as_resident("Renewing a permit", |c| async move {
            c.start_renewal(id, key.as_str(), &order).await
        })
        .await
    }

    /// RP-4, RP-6: the order a renewal email's link opened, taken to payment with the "Renew
    /// automatically" answer where it was asked. Paid in the system browser, as a purchase is:
    /// the provider sends that browser back to the page that needs no session, and the app
    /// follows the order itself with [`Self::purchase_order`], as for any order it opens.
    pub async fn pay_ready_order(
        &self,
        order_id: &str,
        auto_renew: Option<bool>,
    ) -> Result<PaymentOrder, AppError> {
        let payment = ReadyRenewalPayment {
            auto_renew,
            return_to: PaymentReturn::App,
        };
        self.as_resident("Renewing a permit", |c| async move {
            c.pay_ready_order_with(order_id, &payment).await
        })
        .await
    }

    /// RP-6: the products (`permit_type`s) whose purchase and renewal ask "Renew
    /// automatically": they renew themselves and the council's payment account takes
    /// recurring payments. From the council's catalogue, so it needs the server.
    pub async fn renews_automatically(&self) -> Result<Vec<String>, AppError> {
        let catalogue = self
            .as_resident("Checking how permits renew", |c| async move {
                c.catalogue().await
            })
            .await?;
        Ok(catalogue
            .products
            .into_iter()
            .filter(|p| p.renew_automatically)
            .map(|p| p.id)
            .collect())
    }

    /// The order as the server read it from the payment provider (never from the app). Once
    /// paid, the saved copy is refreshed so the new permits are there offline.
    pub async fn purchase_order(&self, id: &str) -> Result<PaymentOrder, AppError> {
        let order = self
            .as_resident("Checking your payment", |c| async move {
                c.purchase_order(id).await
            })
            .await?;
        if order.state == "paid" {
            self.refresh_saved_copy().await;
        }
        Ok(order)
    }

    /// RP-6: turns auto-renewal on or off.
    pub async fn set_auto_renew(&self, id: &str, on: bool) -> Result<Permit, AppError> {
        let permit = self
            .as_resident("Changing auto-renewal", |c| async move {
                c.set_auto_renew(id, on).await
            })
            .await?;
        self.refresh_saved_copy().await;
        Ok(permit)
    }

    /// AVP-2 changes the VRM at once; RP-3 files a Vehicle Change Request. The permit as it
    /// now stands either way.
    pub async fn change_vehicle(&self, id: &str, vrm: &str) -> Result<Permit, AppError> {
        let vrm = field("vrm", Vrm::parse(vrm))?;
        let outcome = self
            .as_resident("Changing the vehicle", |c| async move {
                c.change_vehicle(id, vrm.as_str()).await
            })
            .await?;
        self.refresh_saved_copy().await;
        Ok(outcome.permit)
    }

    /// REG-2, ACT-4: sends a code to a new email or mobile for the account.
    pub async fn add_contact(&self, contact: &str) -> Result<ContactCodeSent, AppError> {
        self.as_resident(
            "Sending a code",
            |c| async move { c.add_contact(contact).await },
        )
        .await
    }

    /// REG-2, ACT-4: links the new contact with the code sent to it; the account as it now is.
    pub async fn confirm_contact(&self, contact: &str, code: &str) -> Result<Me, AppError> {
        let me = self
            .as_resident("Confirming a contact", |c| async move {
                c.confirm_contact(contact, code).await
            })
            .await?;
        self.refresh_saved_copy().await;
        Ok(me)
    }

    /// VP-3 (issue 18): whether the account is warned before unused visitor permits expire.
    pub async fn account_settings(&self) -> Result<AccountSettings, AppError> {
        self.as_resident(
            "Reading your settings",
            |c| async move { c.settings().await },
        )
        .await
    }

    /// VP-3 (issue 18): turns expiry warnings on or off; the settings as they now are.
    pub async fn set_account_settings(
        &self,
        settings: AccountSettings,
    ) -> Result<AccountSettings, AppError> {
        self.as_resident("Changing your settings", |c| async move {
            c.set_settings(&settings).await
        })
        .await
    }

    /// RP-5, AVP-4: cancels a permit; the refund in pence.
    pub async fn cancel_permit(&self, id: &str) -> Result<u64, AppError> {
        let cancelled = self
            .as_resident("Cancelling a permit", |c| async move {
                c.cancel_permit(id).await
            })
            .await?;
        self.refresh_saved_copy().await;
        Ok(cancelled.refund_pence)
    }

    /// RP-7, AVP-5: a change of address with proof, for the council to decide.
    pub async fn change_address(
        &self,
        id: &str,
        property_id: &str,
        proof: ProofUpload,
    ) -> Result<PermitRequest, AppError> {
        self.as_resident("Changing address", |c| async move {
            c.change_of_address(id, property_id, &proof.content_type, proof.bytes)
                .await
        })
        .await
    }

    /// VP-7: every payment with its date.
    pub async fn payments(&self) -> Result<Vec<Payment>, AppError> {
        self.as_resident("Payment history", |c| async move { c.payments().await })
            .await
    }
}
