//! What an admin types to add a member of staff, and the roles they choose from.

use super::Errors;
use permit_rules::Email;

/// A member of staff's role at their council.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Reviews applications, looks residents up.
    Officer,
    /// Takes residents' phone calls (ACT-6).
    Agent,
    /// Manages the council's staff.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Officer, Role::Agent, Role::Admin];

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    /// The API's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Officer => "officer",
            Self::Agent => "agent",
            Self::Admin => "admin",
        }
    }

    /// What the role does, as the radios' hints say.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Officer => "Reviews applications and looks residents up.",
            Self::Agent => "Takes residents' phone calls and acts for them.",
            Self::Admin => "Adds, changes and disables staff.",
        }
    }
}

/// A new member: their name (`full_name`), work email (`email`) and role (`role`).
pub fn parse_colleague(
    full_name: &str,
    email: &str,
    role: &str,
) -> Result<(String, String, Role), Errors> {
    let mut errors = Errors::new();
    let name = full_name.trim();
    if name.is_empty() {
        errors.add("full_name", "Enter the member of staff's full name.");
    } else if name.chars().count() > 100 {
        errors.add("full_name", "The name must be 100 characters or fewer.");
    }
    let email = email.trim();
    if email.is_empty() {
        errors.add("email", "Enter their work email address.");
    } else if Email::parse(email).is_err() {
        errors.add(
            "email",
            "Enter an email address in the correct format, like name@council.gov.uk.",
        );
    }
    let role = Role::parse(role);
    if role.is_none() {
        errors.add("role", "Choose the member of staff's role.");
    }
    match role {
        Some(role) if errors.is_empty() => Ok((name.to_owned(), email.to_owned(), role)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_member_needs_a_name_an_email_and_a_role() {
        let (name, email, role) =
            parse_colleague(" Alex Agent ", " alex@council.example ", "agent").expect("valid");
        assert_eq!(
            (name.as_str(), email.as_str(), role),
            ("Alex Agent", "alex@council.example", Role::Agent)
        );
        let errors = parse_colleague("", "not-an-email", "boss").expect_err("all wrong");
        assert_eq!(errors.all().len(), 3);
        assert!(errors.for_field("role").is_some());
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }
}
