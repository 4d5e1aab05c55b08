//! Linked contacts (REG-2, ACT-4): a resident adds or changes the email or mobile on their
//! account. A code goes to the new contact and it is linked only when the code comes back, so
//! nobody can link a number they do not hold (texts from it book stays). A contact already on
//! another account gets the same answer and no code, so the answer reveals nobody. Requests
//! and wrong codes are limited (limits.rs) like PINs.

use super::secrets::{new_pin, sha256_hex};
use super::{PIN_LIFETIME, normalise_contact};
use crate::db::{Conn, contact_codes, outbox, residents};
use crate::error::ApiError;
use crate::limits::{CONTACT_CODES_PER_ACCOUNT, CONTACT_CODES_PER_CONTACT, CONTACT_WRONG_CODES};
use crate::state::AppState;
use permit_api_types::{ContactCodeSent, ContactKind};

/// A code is hashed with the account and the contact, so it confirms only that pair.
fn code_hash(resident_id: &str, contact: &str, code: &str) -> String {
    sha256_hex(&format!("contact:{resident_id}:{contact}:{code}"))
}

fn parse(raw: &str) -> Result<(ContactKind, String), ApiError> {
    let contact = normalise_contact("contact", raw)?;
    let kind = if contact.contains('@') {
        ContactKind::Email
    } else {
        ContactKind::Mobile
    };
    Ok((kind, contact))
}

fn channel(kind: ContactKind) -> &'static str {
    match kind {
        ContactKind::Email => "email",
        ContactKind::Mobile => "sms",
    }
}

fn current(resident: &residents::ResidentRow, kind: ContactKind) -> Option<&str> {
    match kind {
        ContactKind::Email => resident.email.as_deref(),
        ContactKind::Mobile => resident.mobile.as_deref(),
    }
}

async fn send(
    state: &AppState,
    conn: &mut Conn,
    resident_id: Option<&str>,
    channel: &str,
    recipient: &str,
    body: &str,
    secret: bool,
) -> Result<(), ApiError> {
    let message = outbox::NewMessage {
        resident_id,
        channel,
        recipient,
        body,
        secret,
    };
    outbox::insert(conn, &message, state.now()).await?;
    if state.settings.log_outbox {
        // Dev and demo only: there is no mail or SMS gateway, so the outbox is the screen.
        println!("[outbox] {channel} to {recipient}: {body}");
    }
    Ok(())
}

/// A write transaction holding the resident, and their account as it stands.
async fn locked(
    state: &AppState,
    resident_id: &str,
) -> Result<(crate::db::Tx, residents::ResidentRow), ApiError> {
    let mut tx = state.db.write_tx().await?;
    residents::lock(&state.db, &mut tx, resident_id).await?;
    let resident = residents::get(&mut tx, resident_id)
        .await?
        .ok_or(ApiError::Unauthorized)?;
    Ok((tx, resident))
}

/// Sends a code to the new contact, unless another account at the council has it; the answer
/// is the same either way.
#[tracing::instrument(skip_all, fields(resident = %resident_id))]
pub async fn send_contact_code(
    state: &AppState,
    resident_id: &str,
    raw: &str,
) -> Result<ContactCodeSent, ApiError> {
    let (kind, contact) = parse(raw)?;
    let now = state.now();
    let (mut tx, resident) = locked(state, resident_id).await?;
    if current(&resident, kind) == Some(contact.as_str()) {
        return Err(ApiError::invalid(
            "contact_unchanged",
            "contact",
            "That is already on your account. Enter a different one.",
        ));
    }
    CONTACT_CODES_PER_ACCOUNT
        .take(&mut tx, resident_id, now)
        .await?;
    CONTACT_CODES_PER_CONTACT
        .take(&mut tx, &contact, now)
        .await?;
    let taken = residents::find_by_contact(&mut tx, &resident.council, &contact)
        .await?
        .is_some();
    let expires_at = now + PIN_LIFETIME;
    if !taken {
        let code = new_pin();
        let hash = code_hash(resident_id, &contact, &code);
        contact_codes::put(&mut tx, resident_id, &contact, &hash, expires_at).await?;
        let body = format!(
            "Your parking permits confirmation code is {code}. Enter it to link this {} to your account. It works once, for 10 minutes.",
            match kind {
                ContactKind::Email => "email address",
                ContactKind::Mobile => "mobile number",
            }
        );
        send(
            state,
            &mut tx,
            Some(resident_id),
            channel(kind),
            &contact,
            &body,
            true,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ContactCodeSent {
        kind,
        contact,
        expires_at,
    })
}

/// Links the contact when the code is right; the contact it replaces is told.
#[tracing::instrument(skip_all, fields(resident = %resident_id))]
pub async fn confirm_contact(
    state: &AppState,
    resident_id: &str,
    raw: &str,
    code: &str,
) -> Result<(), ApiError> {
    let (kind, contact) = parse(raw)?;
    let now = state.now();
    let (mut tx, resident) = locked(state, resident_id).await?;
    CONTACT_WRONG_CODES.check(&mut tx, resident_id, now).await?;
    let hash = code_hash(resident_id, &contact, code.trim());
    let spent = contact_codes::take(&mut tx, resident_id, &contact, &hash, now).await?;
    // Linked elsewhere since the code went out: the same answer as a wrong code.
    let owner = residents::find_by_contact(&mut tx, &resident.council, &contact).await?;
    if !spent || owner.is_some_and(|o| o.id != resident_id) {
        CONTACT_WRONG_CODES
            .record(&mut tx, resident_id, now)
            .await?;
        tx.commit().await?;
        return Err(ApiError::invalid(
            "code_invalid",
            "code",
            "That code is not right or has expired. Check it, or ask for a new one.",
        ));
    }
    match kind {
        ContactKind::Email => residents::set_email(&mut tx, resident_id, &contact).await?,
        ContactKind::Mobile => residents::set_mobile(&mut tx, resident_id, &contact).await?,
    }
    if let Some(old) = current(&resident, kind) {
        let body = "The contact details on your parking permits account were changed, so this one is no longer linked. If you did not do this, contact the council.";
        send(
            state,
            &mut tx,
            Some(resident_id),
            channel(kind),
            old,
            body,
            false,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
