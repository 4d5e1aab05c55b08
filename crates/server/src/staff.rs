//! Council staff: adding a member (the test-mode operator endpoint, `permit-server --add-staff`
//! for a council's first admin, and an admin in the office), changing a role and disabling a
//! member. The checks are here, so they are the same whichever way a member is added.
//!
//! A council never loses its last admin: no admin may disable themself, or move themself to
//! another role, while they are the council's only enabled admin (409 `last_admin`); only
//! admins do either, so this is the one way the last admin could go.

use crate::db::{Conn, audit, staff};
use crate::domain::StaffRole;
use crate::error::ApiError;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use permit_api_types::NewStaffMember;

const MAX_NAME: usize = 100;

/// Who is added, checked: the council exists, the role is one of ours, the address is one.
struct Checked {
    council: String,
    role: StaffRole,
    email: String,
    full_name: String,
}

fn check(state: &AppState, new: &NewStaffMember) -> Result<Checked, ApiError> {
    let scheme = state.scheme(&new.council)?;
    let role = parse_role(&new.role)?;
    let email = permit_rules::Email::parse(&new.email).map_err(|e| ApiError::parse("email", &e))?;
    let full_name = new
        .full_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if full_name.is_empty() || full_name.chars().count() > MAX_NAME {
        return Err(ApiError::invalid(
            "invalid_name",
            "full_name",
            format!("Enter their full name, up to {MAX_NAME} characters."),
        ));
    }
    Ok(Checked {
        council: scheme.id.as_str().to_owned(),
        role,
        email: email.as_str().to_owned(),
        full_name,
    })
}

pub fn parse_role(raw: &str) -> Result<StaffRole, ApiError> {
    raw.trim().parse().map_err(|_| {
        ApiError::invalid(
            "invalid_role",
            "role",
            "The role is officer, agent or admin.",
        )
    })
}

async fn insert(
    conn: &mut Conn,
    new: &Checked,
    now: DateTime<Utc>,
) -> Result<staff::StaffRow, ApiError> {
    if staff::by_email(conn, &new.email).await?.is_some() {
        return Err(ApiError::Conflict {
            code: "staff_exists",
            message: "Someone already has that email address.".into(),
        });
    }
    let member = staff::NewStaff {
        council: &new.council,
        role: new.role,
        email: &new.email,
        full_name: &new.full_name,
    };
    Ok(staff::insert(conn, &member, now).await?)
}

/// Test mode (the operator endpoint): adds a member of staff of any role.
#[tracing::instrument(skip_all, fields(council = %new.council, role = %new.role))]
pub async fn add(state: &AppState, new: &NewStaffMember) -> Result<(), ApiError> {
    let checked = check(state, new)?;
    let mut tx = state.db.write_tx().await?;
    insert(&mut tx, &checked, state.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// `permit-server --add-staff`: a council's first admin only. Everyone after is added by an
/// admin in the office, where it is audited; a council that has an admin is refused, so the
/// command cannot be used to go around them.
#[tracing::instrument(skip_all, fields(council = %new.council, role = %new.role))]
pub async fn add_first_admin(state: &AppState, new: &NewStaffMember) -> Result<(), ApiError> {
    let checked = check(state, new)?;
    if checked.role != StaffRole::Admin {
        return Err(ApiError::invalid(
            "first_admin_only",
            "role",
            "The command adds a council's first admin; the admin adds everyone else in the office (/office/).",
        ));
    }
    let mut tx = state.db.write_tx().await?;
    if !staff::enabled_admins(&state.db, &mut tx, &checked.council)
        .await?
        .is_empty()
    {
        return Err(ApiError::Conflict {
            code: "council_has_admin",
            message: format!(
                "{} already has an admin: they add staff in the office (/office/).",
                checked.council
            ),
        });
    }
    insert(&mut tx, &checked, state.now()).await?;
    tx.commit().await?;
    Ok(())
}

/// The admin doing the work, as the audit log names them.
#[derive(Debug)]
pub struct Admin<'a> {
    pub id: &'a str,
    pub council: &'a str,
}

impl Admin<'_> {
    async fn log(
        &self,
        conn: &mut Conn,
        action: &str,
        member: &staff::StaffRow,
        what: &str,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        let name = staff::get(conn, self.id)
            .await?
            .map_or_else(|| self.id.to_owned(), |s| s.full_name);
        let detail = format!("{what} ({}) by {name}", member.full_name);
        let entry = audit::Entry {
            council: self.council,
            actor: &format!("staff:{}", self.id),
            action,
            subject_id: &member.id,
            resident_id: None,
            detail: Some(&detail),
        };
        audit::append(conn, &entry, now).await?;
        Ok(())
    }

    /// A member of this admin's council; another council's is 404.
    async fn member(&self, conn: &mut Conn, id: &str) -> Result<staff::StaffRow, ApiError> {
        staff::get(conn, id)
            .await?
            .filter(|m| m.council == self.council)
            .ok_or(ApiError::NotFound)
    }

    /// 409 when `member` is the council's only enabled admin (see the module's comment).
    async fn keep_an_admin(
        &self,
        state: &AppState,
        conn: &mut Conn,
        member: &staff::StaffRow,
    ) -> Result<(), ApiError> {
        let admins = staff::enabled_admins(&state.db, conn, self.council).await?;
        if admins.iter().all(|id| *id == member.id) {
            return Err(ApiError::Conflict {
                code: "last_admin",
                message: "The council needs an admin: make someone else an admin first.".into(),
            });
        }
        Ok(())
    }
}

/// An admin adds a member of staff at their own council.
pub async fn add_colleague(
    state: &AppState,
    admin: &Admin<'_>,
    email: &str,
    full_name: &str,
    role: &str,
) -> Result<staff::StaffRow, ApiError> {
    let new = NewStaffMember {
        council: admin.council.to_owned(),
        role: role.to_owned(),
        email: email.to_owned(),
        full_name: full_name.to_owned(),
    };
    let checked = check(state, &new)?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let member = insert(&mut tx, &checked, now).await?;
    admin
        .log(
            &mut tx,
            "staff_added",
            &member,
            &format!("added as {}", member.role),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(member)
}

/// An admin sets a member's role; it applies from their next request.
pub async fn set_role(
    state: &AppState,
    admin: &Admin<'_>,
    id: &str,
    role: &str,
) -> Result<staff::StaffRow, ApiError> {
    let role = parse_role(role)?;
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let member = admin.member(&mut tx, id).await?;
    if member.role == role {
        return Ok(member);
    }
    if member.role == StaffRole::Admin && member.enabled() {
        admin.keep_an_admin(state, &mut tx, &member).await?;
    }
    staff::set_role(&mut tx, id, role).await?;
    let what = format!("role {} to {role}", member.role);
    admin
        .log(&mut tx, "staff_role_changed", &member, &what, now)
        .await?;
    let member = admin.member(&mut tx, id).await?;
    tx.commit().await?;
    Ok(member)
}

/// An admin disables a member: their sessions end at once (their next request is a 401) and
/// they cannot log in again. Disabling a disabled member changes nothing.
pub async fn disable(
    state: &AppState,
    admin: &Admin<'_>,
    id: &str,
) -> Result<staff::StaffRow, ApiError> {
    let now = state.now();
    let mut tx = state.db.write_tx().await?;
    let member = admin.member(&mut tx, id).await?;
    if !member.enabled() {
        return Ok(member);
    }
    if member.role == StaffRole::Admin {
        admin.keep_an_admin(state, &mut tx, &member).await?;
    }
    staff::disable(&mut tx, id, now).await?;
    admin
        .log(&mut tx, "staff_disabled", &member, "disabled", now)
        .await?;
    let member = admin.member(&mut tx, id).await?;
    tx.commit().await?;
    Ok(member)
}
