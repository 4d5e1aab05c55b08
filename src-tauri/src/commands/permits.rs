//! Buying, managing permits, payment history and linking contacts: only the server can do
//! these.

use super::Reply;
use crate::Core;
use permit_api_types::app::ProofUpload;
use permit_api_types::{
    AccountSettings, ContactCodeSent, Me, Payment, Permit, PermitRequest, PurchaseOrder,
    PurchaseReceipt,
};
use tauri::State;

#[tauri::command]
#[tracing::instrument(skip(core, order), fields(permit_type = %order.permit_type))]
pub(crate) async fn buy(
    core: State<'_, Core>,
    idempotency_key: String,
    order: PurchaseOrder,
) -> Reply<PurchaseReceipt> {
    core.buy(&idempotency_key, &order).await
}

#[tauri::command]
#[tracing::instrument(skip(core, card_number))]
pub(crate) async fn renew_permit(
    core: State<'_, Core>,
    id: String,
    idempotency_key: String,
    duration_months: Option<u32>,
    card_number: String,
) -> Reply<PurchaseReceipt> {
    core.renew_permit(&id, &idempotency_key, duration_months, &card_number)
        .await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn set_auto_renew(core: State<'_, Core>, id: String, on: bool) -> Reply<Permit> {
    core.set_auto_renew(&id, on).await
}

#[tauri::command]
#[tracing::instrument(skip(core, vrm))]
pub(crate) async fn change_vehicle(
    core: State<'_, Core>,
    id: String,
    vrm: String,
) -> Reply<Permit> {
    core.change_vehicle(&id, &vrm).await
}

/// The refund, in pence.
#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn cancel_permit(core: State<'_, Core>, id: String) -> Reply<u64> {
    core.cancel_permit(&id).await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn change_address(
    core: State<'_, Core>,
    id: String,
    property_id: String,
    proof: ProofUpload,
) -> Reply<PermitRequest> {
    core.change_address(&id, &property_id, proof).await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn payments(core: State<'_, Core>) -> Reply<Vec<Payment>> {
    core.payments().await
}

#[tauri::command]
#[tracing::instrument(skip(core, contact))]
pub(crate) async fn add_contact(core: State<'_, Core>, contact: String) -> Reply<ContactCodeSent> {
    core.add_contact(&contact).await
}

#[tauri::command]
#[tracing::instrument(skip(core, contact, code))]
pub(crate) async fn confirm_contact(
    core: State<'_, Core>,
    contact: String,
    code: String,
) -> Reply<Me> {
    core.confirm_contact(&contact, &code).await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn account_settings(core: State<'_, Core>) -> Reply<AccountSettings> {
    core.account_settings().await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn set_account_settings(
    core: State<'_, Core>,
    settings: AccountSettings,
) -> Reply<AccountSettings> {
    core.set_account_settings(settings).await
}
