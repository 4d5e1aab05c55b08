//! The sandbox behind [`PaymentProvider`]: hosted payments kept in memory, paid with the test
//! cards listed in `payments.rs` ([`SandboxPayments::pay_hosted`] is what its hosted page,
//! `routes/sandbox_pay.rs`, calls). Demos and tests only.

use super::provider::{
    AgreementCharge, AgreementState, CreatedPayment, NewPayment, PaymentProvider, PaymentState,
    PaymentStatus, ProviderError, ProviderFuture, Refund, RefundState,
};
use super::{SANDBOX_CARD_DECLINED, SANDBOX_CARD_FAILS, SANDBOX_CARD_OK, SandboxPayments};
use permit_rules::Pence;
use std::sync::atomic::Ordering;

#[derive(Debug, Clone)]
pub(super) struct HostedPayment {
    amount: Pence,
    state: PaymentState,
    /// GOV.UK Pay's reason codes, so callers see the same shapes from both providers.
    code: Option<&'static str>,
    refunded: Pence,
    set_up_agreement: Option<String>,
    /// Where its page sends the payer once done.
    return_url: String,
    description: String,
}

/// A hosted payment as the sandbox's page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedView {
    pub amount: Pence,
    pub description: String,
    pub return_url: String,
    pub state: PaymentState,
}

/// Where the sandbox serves the page of `payment_id`, under this server.
pub fn page_path(payment_id: &str) -> String {
    format!("/sandbox-pay/{payment_id}")
}

impl SandboxPayments {
    /// Sets the address its hosted page is served at (this server's public address).
    pub fn set_page_base(&self, base: &str) {
        *self.page_base.lock().unwrap_or_else(|e| e.into_inner()) = base.to_owned();
    }

    /// The payment as its page shows it.
    pub fn hosted_view(&self, payment_id: &str) -> Option<HostedView> {
        self.hosted().get(payment_id).map(|p| HostedView {
            amount: p.amount,
            description: p.description.clone(),
            return_url: p.return_url.clone(),
            state: p.state,
        })
    }

    /// The payer chose Cancel on the page: GOV.UK Pay reports that as failed with P0030.
    pub fn cancel_hosted(&self, payment_id: &str) -> Result<PaymentState, ProviderError> {
        let mut payments = self.hosted();
        let payment = payments
            .get_mut(payment_id)
            .ok_or(ProviderError::NotFound)?;
        if !payment.state.is_final() {
            payment.state = PaymentState::Failed;
            payment.code = Some("P0030");
        }
        Ok(payment.state)
    }

    fn hosted(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, HostedPayment>> {
        // A panic elsewhere cannot leave a payment half-written: every change is one assignment.
        self.hosted.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The payer submits `card_number` on the sandbox's page: the test cards decide. An unknown
    /// card leaves the payment open (the page would ask again).
    pub fn pay_hosted(
        &self,
        payment_id: &str,
        card_number: &str,
    ) -> Result<PaymentState, ProviderError> {
        let digits: String = card_number.chars().filter(char::is_ascii_digit).collect();
        let mut payments = self.hosted();
        let payment = payments
            .get_mut(payment_id)
            .ok_or(ProviderError::NotFound)?;
        if payment.state.is_final() {
            return Ok(payment.state);
        }
        let (state, code) = match digits.as_str() {
            SANDBOX_CARD_OK => (PaymentState::Success, None),
            SANDBOX_CARD_DECLINED => (PaymentState::Failed, Some("P0010")),
            SANDBOX_CARD_FAILS => (PaymentState::Error, Some("P0050")),
            _ => (PaymentState::Started, None),
        };
        if state == PaymentState::Success {
            self.charges.fetch_add(1, Ordering::SeqCst);
            // As GOV.UK Pay: a successful payment sets up (or sets up again) its agreement.
            if let Some(agreement) = &payment.set_up_agreement
                && let Some(status) = self.agreements().get_mut(agreement)
            {
                *status = AgreementState::Active;
            }
        }
        payment.state = state;
        payment.code = code;
        Ok(state)
    }

    fn agreements(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, AgreementState>> {
        self.agreements.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Charges an active agreement once per idempotency key, as GOV.UK Pay does.
    fn charge_agreement_now(
        &self,
        charge: &AgreementCharge<'_>,
    ) -> Result<CreatedPayment, ProviderError> {
        let mut charges = self
            .agreement_charges
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let payment_id = match charges.get(charge.idempotency_key) {
            Some(earlier) => earlier.clone(),
            None => {
                match self.agreements().get(charge.agreement_id) {
                    Some(AgreementState::Active) => {}
                    Some(_) => return Err(ProviderError::Refused { status: 400 }),
                    None => return Err(ProviderError::NotFound),
                }
                let declined = self.recurring_declines.load(Ordering::SeqCst);
                let state = if declined {
                    PaymentState::Failed
                } else {
                    self.charges.fetch_add(1, Ordering::SeqCst);
                    PaymentState::Success
                };
                let id = self.insert_hosted(charge.amount, state, None, ("", charge.description));
                if declined && let Some(payment) = self.hosted().get_mut(&id) {
                    payment.code = Some("P0010");
                }
                charges.insert(charge.idempotency_key.to_owned(), id.clone());
                tracing::info!(payment = %id, reference = charge.reference, ?state, "sandbox agreement charge");
                id
            }
        };
        let lost = self.recurring_replies_lost.load(Ordering::SeqCst);
        if lost > 0 {
            self.recurring_replies_lost
                .store(lost - 1, Ordering::SeqCst);
            return Err(ProviderError::Unavailable);
        }
        let state = self
            .hosted()
            .get(&payment_id)
            .map_or(PaymentState::Error, |p| p.state);
        Ok(CreatedPayment {
            payment_id,
            state,
            next_url: None,
        })
    }

    /// Refunds at once (what [`PaymentProvider::refund`] does after any delay set).
    fn refund_now(&self, payment_id: &str, amount: Pence) -> Result<Refund, ProviderError> {
        if self.refunds_fail.load(Ordering::SeqCst) {
            return Err(ProviderError::Unavailable);
        }
        let mut payments = self.hosted();
        let payment = payments
            .get_mut(payment_id)
            .ok_or(ProviderError::NotFound)?;
        let available = match payment.state {
            PaymentState::Success => Pence(payment.amount.0 - payment.refunded.0),
            _ => Pence::ZERO,
        };
        if amount > available || amount == Pence::ZERO {
            return Err(ProviderError::RefundTooLarge { available });
        }
        payment.refunded = Pence(payment.refunded.0 + amount.0);
        self.refunds.fetch_add(1, Ordering::SeqCst);
        Ok(Refund {
            refund_id: crate::db::new_id("sbxr"),
            state: RefundState::Success,
        })
    }

    /// Makes every later refund answer only after `delay` (a slow provider, in tests).
    pub fn slow_refunds(&self, delay: std::time::Duration) {
        *self.refund_delay.lock().unwrap_or_else(|e| e.into_inner()) = delay;
    }

    fn insert_hosted(
        &self,
        amount: Pence,
        state: PaymentState,
        set_up_agreement: Option<String>,
        page: (&str, &str),
    ) -> String {
        let payment_id = crate::db::new_id("sbx");
        let payment = HostedPayment {
            amount,
            state,
            code: None,
            refunded: Pence::ZERO,
            set_up_agreement,
            return_url: page.0.to_owned(),
            description: page.1.to_owned(),
        };
        self.hosted().insert(payment_id.clone(), payment);
        payment_id
    }
}

impl PaymentProvider for SandboxPayments {
    fn create_payment<'a>(
        &'a self,
        payment: &'a NewPayment<'a>,
    ) -> ProviderFuture<'a, CreatedPayment> {
        let agreement = payment.set_up_agreement.map(str::to_owned);
        let payment_id = self.insert_hosted(
            payment.amount,
            PaymentState::Created,
            agreement,
            (payment.return_url, payment.description),
        );
        tracing::info!(%payment_id, reference = payment.reference, "sandbox payment created");
        let base = self
            .page_base
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let next_url = Some(format!("{base}{}", page_path(&payment_id)));
        Box::pin(async move {
            Ok(CreatedPayment {
                payment_id,
                state: PaymentState::Created,
                next_url,
            })
        })
    }

    fn payment_status<'a>(&'a self, payment_id: &'a str) -> ProviderFuture<'a, PaymentStatus> {
        let status = self.hosted().get(payment_id).map(|p| PaymentStatus {
            state: p.state,
            finished: p.state.is_final(),
            code: p.code.map(str::to_owned),
            refundable: if p.state == PaymentState::Success {
                Pence(p.amount.0 - p.refunded.0)
            } else {
                Pence::ZERO
            },
        });
        Box::pin(async move { status.ok_or(ProviderError::NotFound) })
    }

    fn cancel_payment<'a>(&'a self, payment_id: &'a str) -> ProviderFuture<'a, ()> {
        let result = (|| {
            let mut payments = self.hosted();
            let payment = payments
                .get_mut(payment_id)
                .ok_or(ProviderError::NotFound)?;
            match payment.state {
                PaymentState::Cancelled => Ok(()),
                // As GOV.UK Pay: a finished payment cannot be cancelled.
                state if state.is_final() => Err(ProviderError::Refused { status: 400 }),
                _ => {
                    payment.state = PaymentState::Cancelled;
                    payment.code = Some("P0040");
                    Ok(())
                }
            }
        })();
        Box::pin(async move { result })
    }

    fn refund<'a>(&'a self, payment_id: &'a str, amount: Pence) -> ProviderFuture<'a, Refund> {
        let delay = *self.refund_delay.lock().unwrap_or_else(|e| e.into_inner());
        Box::pin(async move {
            // A slow provider (tests): it answers, and refunds, only after the delay.
            tokio::time::sleep(delay).await;
            self.refund_now(payment_id, amount)
        })
    }

    fn create_agreement<'a>(
        &'a self,
        reference: &'a str,
        _description: &'a str,
        _payer: &'a str,
    ) -> ProviderFuture<'a, String> {
        let agreement_id = crate::db::new_id("agr");
        self.agreements()
            .insert(agreement_id.clone(), AgreementState::Created);
        tracing::info!(%agreement_id, reference, "sandbox agreement created");
        Box::pin(async move { Ok(agreement_id) })
    }

    fn charge_agreement<'a>(
        &'a self,
        charge: &'a AgreementCharge<'a>,
    ) -> ProviderFuture<'a, CreatedPayment> {
        let result = self.charge_agreement_now(charge);
        Box::pin(async move { result })
    }

    fn agreement_status<'a>(&'a self, agreement_id: &'a str) -> ProviderFuture<'a, AgreementState> {
        let status = self.agreements().get(agreement_id).copied();
        Box::pin(async move { status.ok_or(ProviderError::NotFound) })
    }

    fn cancel_agreement<'a>(&'a self, agreement_id: &'a str) -> ProviderFuture<'a, ()> {
        let result = match self.agreements().get_mut(agreement_id) {
            Some(status @ AgreementState::Active) => {
                *status = AgreementState::Cancelled;
                Ok(())
            }
            // As GOV.UK Pay: only an active agreement can be cancelled (400, P2501).
            Some(_) => Err(ProviderError::Refused { status: 400 }),
            None => Err(ProviderError::NotFound),
        };
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payment(amount: u64, agreement: Option<&str>) -> NewPayment<'_> {
        NewPayment {
            amount: Pence(amount),
            reference: "ord_1",
            description: "Visitor permits",
            return_url: "http://127.0.0.1/return",
            set_up_agreement: agreement,
        }
    }

    #[tokio::test]
    async fn sandbox_hosted_payments_follow_the_test_cards_and_refund_at_most_what_was_paid() {
        let sandbox = SandboxPayments::default();
        let created = sandbox
            .create_payment(&payment(1500, None))
            .await
            .expect("created");
        assert_eq!(created.state, PaymentState::Created);
        let id = created.payment_id;
        assert_eq!(
            sandbox.pay_hosted(&id, "1234").expect("open"),
            PaymentState::Started
        );
        assert_eq!(
            sandbox
                .pay_hosted(&id, "4242 4242 4242 4242")
                .expect("paid"),
            PaymentState::Success
        );
        assert_eq!(sandbox.charges(), 1);
        let status = sandbox.payment_status(&id).await.expect("status");
        assert!(status.finished);
        assert_eq!(status.refundable, Pence(1500));
        sandbox.refund(&id, Pence(1000)).await.expect("refunded");
        assert_eq!(
            sandbox.refund(&id, Pence(501)).await,
            Err(ProviderError::RefundTooLarge {
                available: Pence(500)
            })
        );
        assert_eq!(sandbox.refunds(), 1);

        let declined = sandbox
            .create_payment(&payment(700, None))
            .await
            .expect("created");
        let state = sandbox
            .pay_hosted(&declined.payment_id, SANDBOX_CARD_DECLINED)
            .expect("tried");
        assert_eq!(state, PaymentState::Failed);
        let status = sandbox
            .payment_status(&declined.payment_id)
            .await
            .expect("status");
        assert_eq!(status.code.as_deref(), Some("P0010"));
        assert_eq!(status.refundable, Pence::ZERO);
    }

    #[tokio::test]
    async fn a_sandbox_payment_can_be_cancelled_until_it_is_paid() {
        let sandbox = SandboxPayments::default();
        let open = sandbox
            .create_payment(&payment(1500, None))
            .await
            .expect("created");
        sandbox
            .cancel_payment(&open.payment_id)
            .await
            .expect("cancelled");
        assert_eq!(
            sandbox.pay_hosted(&open.payment_id, SANDBOX_CARD_OK),
            Ok(PaymentState::Cancelled),
            "a cancelled payment cannot be paid"
        );
        let paid = sandbox
            .create_payment(&payment(1500, None))
            .await
            .expect("created");
        sandbox
            .pay_hosted(&paid.payment_id, SANDBOX_CARD_OK)
            .expect("paid");
        assert_eq!(
            sandbox.cancel_payment(&paid.payment_id).await,
            Err(ProviderError::Refused { status: 400 })
        );
        assert_eq!(sandbox.charges(), 1);
    }

    /// The first payment, paid with the test card, sets the agreement up.
    async fn set_up(sandbox: &SandboxPayments, agreement: &str) {
        let first = sandbox
            .create_payment(&payment(7000, Some(agreement)))
            .await
            .expect("created");
        sandbox
            .pay_hosted(&first.payment_id, SANDBOX_CARD_OK)
            .expect("paid");
    }

    fn charge<'a>(agreement: &'a str, key: &'a str) -> AgreementCharge<'a> {
        AgreementCharge {
            agreement_id: agreement,
            amount: Pence(7000),
            reference: "ren_2",
            description: "Renewal",
            idempotency_key: key,
        }
    }

    #[tokio::test]
    async fn rp_6_a_sandbox_agreement_charges_only_once_a_paid_payment_set_it_up() {
        let sandbox = SandboxPayments::default();
        let agreement = sandbox
            .create_agreement("res_1", "Auto-renewal", "res_1")
            .await
            .expect("made");
        assert_eq!(
            sandbox.agreement_status(&agreement).await,
            Ok(AgreementState::Created)
        );
        let early = sandbox.charge_agreement(&charge(&agreement, "k0")).await;
        assert_eq!(early, Err(ProviderError::Refused { status: 400 }));
        set_up(&sandbox, &agreement).await;
        assert_eq!(
            sandbox.agreement_status(&agreement).await,
            Ok(AgreementState::Active)
        );
        let renewal = sandbox
            .charge_agreement(&charge(&agreement, "k1"))
            .await
            .expect("charged");
        assert_eq!(renewal.state, PaymentState::Success);
        assert_eq!(renewal.next_url, None);
        assert_eq!(sandbox.charges(), 2);
    }

    #[tokio::test]
    async fn rp_6_a_lost_reply_is_retried_with_its_key_and_charges_once_and_a_cancelled_agreement_charges_nothing()
     {
        let sandbox = SandboxPayments::default();
        let agreement = sandbox
            .create_agreement("res_1", "Auto-renewal", "res_1")
            .await
            .expect("made");
        set_up(&sandbox, &agreement).await;
        sandbox.lose_recurring_replies(1);
        assert_eq!(
            sandbox.charge_agreement(&charge(&agreement, "k1")).await,
            Err(ProviderError::Unavailable)
        );
        let again = sandbox
            .charge_agreement(&charge(&agreement, "k1"))
            .await
            .expect("the first payment");
        assert_eq!(again.state, PaymentState::Success);
        assert_eq!(sandbox.charges(), 2, "set-up payment and one renewal");

        sandbox.decline_recurring_charges(true);
        let declined = sandbox
            .charge_agreement(&charge(&agreement, "k2"))
            .await
            .expect("made, declined");
        let status = sandbox
            .payment_status(&declined.payment_id)
            .await
            .expect("read");
        assert_eq!(
            (status.state, status.code.as_deref()),
            (PaymentState::Failed, Some("P0010"))
        );
        assert_eq!(sandbox.charges(), 2);

        sandbox
            .cancel_agreement(&agreement)
            .await
            .expect("cancelled");
        assert_eq!(
            sandbox.agreement_status(&agreement).await,
            Ok(AgreementState::Cancelled)
        );
        assert_eq!(
            sandbox.cancel_agreement(&agreement).await,
            Err(ProviderError::Refused { status: 400 })
        );
        sandbox.decline_recurring_charges(false);
        assert_eq!(
            sandbox.charge_agreement(&charge(&agreement, "k3")).await,
            Err(ProviderError::Refused { status: 400 })
        );
        assert_eq!(sandbox.charges(), 2);
    }
}
