//! `--demo`: one demo resident per council (registered and approved at the council's first
//! demo property), a demo officer, phone agent and admin per council, and how to log in as them.
//! Leicester's demo resident holds an annual visitor permit whose renewal is open, so the demo
//! shows renewing on the payment page (AVP-3, issue 16) without moving the clock.

use crate::db::{payments, permits, registrations, residents, staff};
use crate::domain::{PermitState, RegistrationState, StaffRole};
use crate::state::AppState;
use chrono::{Days, Months};
use permit_rules::time::{from_local, local_date};

/// The council, permit type and price of the demo permit ready to renew.
const RENEWABLE: (&str, &str, i64) = ("leicester", "annual-visitor", 5000);

/// `cargo run -p permit-server -- --demo` from anywhere in the checkout: where the configured
/// data folders do not exist relative to the working directory, use the source tree's.
pub fn use_source_tree_assets(settings: &mut crate::Settings) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (dir, name) in [
        (&mut settings.councils_dir, "assets/councils"),
        (&mut settings.gazetteer_dir, "assets/gazetteer"),
    ] {
        if !dir.exists() && root.join(name).exists() {
            *dir = root.join(name);
        }
    }
}

/// The demo resident's email at `council`.
pub fn demo_email(council: &str) -> String {
    format!("resident@{council}.example")
}

/// The demo officer's email at `council`.
pub fn demo_officer_email(council: &str) -> String {
    demo_staff_email(council, StaffRole::Officer)
}

/// The demo member of staff with `role` at `council`: `officer@`, `agent@` or
/// `admin@<council>.example`.
pub fn demo_staff_email(council: &str, role: StaffRole) -> String {
    format!("{role}@{council}.example")
}

fn demo_staff_name(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Officer => "Demo Officer",
        StaffRole::Agent => "Demo Agent",
        StaffRole::Admin => "Demo Admin",
    }
}

/// Creates the demo residents and staff unless they exist (safe to run on every start).
pub async fn seed(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    for scheme in state.councils.all() {
        let council = scheme.id.as_str();
        for &role in StaffRole::ALL {
            let email = demo_staff_email(council, role);
            if staff::by_email(&mut tx, &email).await?.is_none() {
                let new = staff::NewStaff {
                    council,
                    role,
                    email: &email,
                    full_name: demo_staff_name(role),
                };
                staff::insert(&mut tx, &new, now).await?;
            }
        }
        let email = demo_email(council);
        if residents::find_by_contact(&mut tx, council, &email)
            .await?
            .is_some()
        {
            continue;
        }
        let Some(property) = state.gazetteer.in_council(&scheme.id).next() else {
            tracing::warn!(council, "no demo property: no demo resident");
            continue;
        };
        let new = residents::NewResident {
            council,
            full_name: "Demo Resident",
            email: Some(&email),
            mobile: None,
        };
        let id = residents::insert(&mut tx, &new, now).await?;
        let masked = property.masked_account();
        registrations::insert(
            &mut tx,
            &id,
            &property.id,
            Some(&masked),
            RegistrationState::Approved,
            now,
        )
        .await?;
        if council == RENEWABLE.0 {
            renewable_permit(&mut tx, &id, &property.id, now).await?;
        }
    }
    tx.commit().await
}

/// A 12-month permit bought 340 days ago (at a local midnight, as bought permits run), so its
/// renewal window (30 days before expiry) is open today.
async fn renewable_permit(
    conn: &mut crate::db::Tx,
    resident_id: &str,
    property_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let (_, permit_type, price) = RENEWABLE;
    let bought = local_date(now) - Days::new(340);
    let ends = bought + Months::new(12);
    let payment = payments::NewPayment {
        resident_id,
        permit_type,
        description: "Annual Visitor Permit for DE10 MOV (demo)",
        quantity: 1,
        amount_pence: price,
        charge_ref: "demo-seed",
    };
    let payment = payments::insert(conn, &payment, now).await?;
    let permit = permits::NewPermit {
        resident_id,
        payment_id: &payment.id,
        permit_type,
        vrm: "DE10MOV",
        property_id,
        duration_months: 12,
        price_pence: price,
        state: PermitState::Active,
        auto_renew: false,
        starts_at: from_local(bought.and_time(chrono::NaiveTime::MIN)),
        expires_at: from_local(ends.and_time(chrono::NaiveTime::MIN)),
        renewed_from: None,
    };
    permits::insert(conn, &permit).await?;
    Ok(())
}

pub fn print_instructions(state: &AppState, port: u16) {
    let root = format!("http://{}:{port}", state.settings.bind.ip());
    println!("\nResident parking permits: demo server at {root}");
    if state.settings.web_dir.is_some() {
        println!(
            "  open {root}/ in a browser: choose a council, log in with a demo resident below"
        );
    }
    if state.settings.office_dir.is_some() {
        println!(
            "  council back office: open {root}/office/ and log in with a demo staff email below \
             (the code is printed as an [outbox] line)"
        );
    }
    let base = format!("{root}{}", permit_api_types::API_PREFIX);
    println!("  health:     {base}/health");
    println!("  API (OpenAPI 3): {base}/openapi.json");
    if state.operator.is_some() {
        println!(
            "  test clock: GET/POST {base}/operator/clock, outbox: {base}/operator/outbox?recipient=..."
        );
        println!("    (send the operator token printed above as the X-Operator-Token header)");
    }
    println!("\nDemo residents (log in with a PIN; it is printed below as an [outbox] line):");
    for scheme in state.councils.all() {
        let council = scheme.id.as_str();
        println!("  {:<16} {}", council, demo_email(council));
    }
    let how = if state.settings.office_dir.is_some() {
        format!(
            "open {root}/office/, enter one of these emails, then the 6-digit code printed as an [outbox] line"
        )
    } else {
        format!(
            "POST {base}/staff/pin, then /staff/session; the code is printed as an [outbox] line"
        )
    };
    println!("\nDemo council staff, each council's officer, phone agent and admin ({how}):");
    for scheme in state.councils.all() {
        let council = scheme.id.as_str();
        let emails: Vec<String> = StaffRole::ALL
            .iter()
            .map(|&role| format!("{role}: {}", demo_staff_email(council, role)))
            .collect();
        println!("  {:<16} {}", council, emails.join("   "));
    }
    println!("\nFor example:");
    println!(
        "  curl -s -XPOST {base}/auth/pin -H 'content-type: application/json' -d '{{\"council\":\"hampshire\",\"contact\":\"{}\"}}'",
        demo_email("hampshire")
    );
    println!(
        "  curl -s -XPOST {base}/auth/session -H 'content-type: application/json' -d '{{\"council\":\"hampshire\",\"contact\":\"{}\",\"pin\":\"<PIN>\"}}'",
        demo_email("hampshire")
    );
    println!("  curl -s {base}/me -H 'authorization: Bearer <token>'\n");
}
