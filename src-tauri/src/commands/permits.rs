//! Buying, managing permits, payment history and linking contacts: only the server can do
//! these.

use super::Reply;
use crate::Core;
use permit_api_types::app::ProofUpload;
use permit_api_types::{
    AccountSettings, ContactCodeSent, Me, Payment, PaymentOrder, Permit, PermitRequest,
    PurchaseOrder,
};
use tauri::{AppHandle, Manager, Runtime, State};

#[tauri::command]
#[tracing::instrument(skip(app, core, order), fields(permit_type = %order.permit_type))]
pub(crate) async fn start_purchase<R: Runtime>(
    app: AppHandle<R>,
    core: State<'_, Core>,
    idempotency_key: String,
    order: PurchaseOrder,
) -> Reply<PaymentOrder> {
    let started = core.start_purchase(&idempotency_key, &order).await?;
    open_payment_page(&app, &started);
    Ok(started)
}

#[tauri::command]
#[tracing::instrument(skip(app, core))]
pub(crate) async fn start_renewal<R: Runtime>(
    app: AppHandle<R>,
    core: State<'_, Core>,
    id: String,
    idempotency_key: String,
    duration_months: Option<u32>,
    auto_renew: Option<bool>,
) -> Reply<PaymentOrder> {
    let answers = (duration_months, auto_renew);
    let started = core.start_renewal(&id, &idempotency_key, answers).await?;
    open_payment_page(&app, &started);
    Ok(started)
}

#[tauri::command]
#[tracing::instrument(skip(app, core))]
pub(crate) async fn pay_ready_order<R: Runtime>(
    app: AppHandle<R>,
    core: State<'_, Core>,
    id: String,
    auto_renew: Option<bool>,
) -> Reply<PaymentOrder> {
    let started = core.pay_ready_order(&id, auto_renew).await?;
    open_payment_page(&app, &started);
    Ok(started)
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn renews_automatically(core: State<'_, Core>) -> Reply<Vec<String>> {
    core.renews_automatically().await
}

#[tauri::command]
#[tracing::instrument(skip(core))]
pub(crate) async fn purchase_order(core: State<'_, Core>, id: String) -> Reply<PaymentOrder> {
    core.purchase_order(&id).await
}

/// Issue 16: the payer pays on the provider's hosted page in the system browser (the app takes
/// no card). Opened from here, not the webview, which is granted none of the opener's commands.
/// A browser that cannot be started is logged only: the order stands, the UI keeps following
/// it and shows the page's address to open by hand. Without the opener plugin (the shell's
/// tests, on Tauri's mock runtime) nothing is opened.
fn open_payment_page<R: Runtime>(app: &AppHandle<R>, order: &PaymentOrder) {
    let Some(page) = permit_app_core::payment_page::to_open(order) else {
        tracing::warn!(order = %order.id, "no payment page the app may open");
        return;
    };
    let Some(opener) = app.try_state::<tauri_plugin_opener::Opener<R>>() else {
        tracing::info!(order = %order.id, "no opener in this build: the page is not opened");
        return;
    };
    if let Err(error) = opener.open_url(page.as_str(), None::<&str>) {
        tracing::warn!(%error, order = %order.id, "could not open the payment page");
    }
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
