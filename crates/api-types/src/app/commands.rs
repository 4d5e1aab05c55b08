//! The app's IPC commands, named once: `src-tauri` declares them to Tauri's access control
//! (`build.rs`), registers their handlers and grants them in `capabilities/resident.json`
//! (each checked against [`ALL`] by its tests), and the UI's Tauri transport calls them by
//! these names. Tauri passes arguments named in camelCase.

macro_rules! commands {
    ($($(#[$doc:meta])* $name:ident = $text:literal,)+) => {
        $($(#[$doc])* pub const $name: &str = $text;)+

        /// Every command, in the order the shell registers them.
        pub const ALL: &[&str] = &[$($name,)+];
    };
}

commands! {
    /// Whether a session is stored on this device.
    SESSION_STATE = "session_state",
    /// REG-2: a PIN for a council and contact.
    REQUEST_PIN = "request_pin",
    /// REG-2: logs in with the PIN; answers the dashboard.
    LOG_IN = "log_in",
    /// The home screen, or the saved copy offline.
    DASHBOARD = "dashboard",
    /// ACT-1 to ACT-3.
    BOOK_STAY = "book_stay",
    /// ACT-7.
    CANCEL_STAY = "cancel_stay",
    LOG_OUT = "log_out",
    /// Issue 19: ends every session of the resident, on every device, this one too.
    LOG_OUT_EVERYWHERE = "log_out_everywhere",
    /// The service's clock, for date pickers.
    SERVER_NOW = "server_now",
    /// REG-1, REG-5.
    SEARCH_PROPERTIES = "search_properties",
    /// REG-1, REG-3, REG-5.
    REGISTER = "register",
    /// REG-3.
    UPLOAD_REGISTRATION_PROOF = "upload_registration_proof",
    /// VP-1, VP-4, VP-5, RP-1, AVP-1 (issue 16): an order awaiting payment, its hosted payment
    /// page opened in the system browser.
    START_PURCHASE = "start_purchase",
    /// RP-4, AVP-3 on the hosted payment page, opened in the system browser; with the
    /// "Renew automatically" answer where it was asked (RP-6).
    START_RENEWAL = "start_renewal",
    /// RP-4, RP-6: a renewal email's ready-made order taken to payment, with the "Renew
    /// automatically" answer where it was asked.
    PAY_READY_ORDER = "pay_ready_order",
    /// An order as the server read it from the payment provider, followed until it settles.
    PURCHASE_ORDER = "purchase_order",
    /// RP-6.
    SET_AUTO_RENEW = "set_auto_renew",
    /// RP-6: the products whose purchase and renewal ask "Renew automatically" (the council's
    /// payment account takes recurring payments).
    RENEWS_AUTOMATICALLY = "renews_automatically",
    /// AVP-2, RP-3.
    CHANGE_VEHICLE = "change_vehicle",
    /// RP-5, AVP-4.
    CANCEL_PERMIT = "cancel_permit",
    /// RP-7, AVP-5.
    CHANGE_ADDRESS = "change_address",
    /// VP-7.
    PAYMENTS = "payments",
    /// REG-2, ACT-4: sends a code to a new email or mobile.
    ADD_CONTACT = "add_contact",
    /// REG-2, ACT-4: links the new contact with its code; answers the account.
    CONFIRM_CONTACT = "confirm_contact",
    /// VP-3 (issue 18): whether expiry warnings are on.
    ACCOUNT_SETTINGS = "account_settings",
    /// VP-3 (issue 18): turns expiry warnings on or off.
    SET_ACCOUNT_SETTINGS = "set_account_settings",
    /// Issue 18: one page of past stays (ended or cancelled), latest first, to book again.
    PAST_STAYS = "past_stays",
    /// Issue 18: names (or un-names) a saved visitor vehicle.
    RENAME_VEHICLE = "rename_vehicle",
    /// Issue 18: deletes a saved visitor vehicle.
    DELETE_VEHICLE = "delete_vehicle",
    /// Issue 18: saves a stay's calendar file (`.ics`) in the device's downloads folder.
    SAVE_STAY_CALENDAR = "save_stay_calendar",
}

/// The permission that grants `command` in a capability file (`allow-` and the name in
/// kebab-case), as `tauri-build` generates it.
pub fn permission(command: &str) -> String {
    format!("allow-{}", command.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case() {
        for (i, name) in ALL.iter().enumerate() {
            assert!(!ALL[..i].contains(name), "{name} twice");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name}"
            );
        }
        assert_eq!(
            permission(UPLOAD_REGISTRATION_PROOF),
            "allow-upload-registration-proof"
        );
    }
}
