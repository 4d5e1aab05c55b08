//! Adding council staff: the test-mode operator endpoint and `permit-server --add-staff` both
//! come here, so the checks are the same whichever way a member is added.

use crate::db::staff;
use crate::domain::StaffRole;
use crate::error::ApiError;
use crate::state::AppState;
use permit_api_types::NewStaffMember;

/// Adds a member of staff after checking the council, role and address.
#[tracing::instrument(skip_all, fields(council = %new.council, role = %new.role))]
pub async fn add(state: &AppState, new: &NewStaffMember) -> Result<(), ApiError> {
    let scheme = state.scheme(&new.council)?;
    let role: StaffRole = new
        .role
        .parse()
        .map_err(|_| ApiError::invalid("invalid_role", "role", "The role is officer or agent."))?;
    let email = permit_rules::Email::parse(&new.email).map_err(|e| ApiError::parse("email", &e))?;
    let mut tx = state.db.write_tx().await?;
    if staff::by_email(&mut tx, email.as_str()).await?.is_some() {
        return Err(ApiError::Conflict {
            code: "staff_exists",
            message: "Someone already has that email address.".into(),
        });
    }
    let member = staff::NewStaff {
        council: scheme.id.as_str(),
        role,
        email: email.as_str(),
        full_name: new.full_name.trim(),
    };
    staff::insert(&mut tx, &member, state.now()).await?;
    tx.commit().await?;
    Ok(())
}
