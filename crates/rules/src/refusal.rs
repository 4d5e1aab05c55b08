//! What every "no" from this crate has in common: a stable code clients switch on, the field
//! to show it next to, and a message written for residents. The server maps any [`Refusal`] to
//! its HTTP error in one place, and the UI puts the same message next to the same field.

use std::fmt::Display;

/// A refusal from the rules: a decision's "no", or a typed value that does not parse.
pub trait Refusal: Display {
    /// The stable machine-readable code.
    fn code(&self) -> &'static str;

    /// The request field at fault, where there is one.
    fn field(&self) -> Option<&'static str> {
        None
    }

    /// What the resident is told.
    fn message(&self) -> String {
        self.to_string()
    }

    /// The same refusal reported against `field`: a parse error does not know which field of
    /// a request its value came from, the caller does.
    fn at(self, field: &'static str) -> AtField<Self>
    where
        Self: Sized,
    {
        AtField {
            field,
            refusal: self,
        }
    }
}

/// A refusal placed on the request field its value came from (see [`Refusal::at`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtField<R> {
    pub field: &'static str,
    pub refusal: R,
}

impl<R: Display> Display for AtField<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.refusal.fmt(f)
    }
}

impl<R: Refusal> Refusal for AtField<R> {
    fn code(&self) -> &'static str {
        self.refusal.code()
    }

    fn field(&self) -> Option<&'static str> {
        Some(self.field)
    }

    fn message(&self) -> String {
        self.refusal.message()
    }
}
