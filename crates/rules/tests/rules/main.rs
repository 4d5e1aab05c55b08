//! The rules of docs/rules.md as the engine decides them, against the real council files
//! under assets/councils. Test names start with the rule id they check.

mod activating;
mod address;
mod annual_visitor;
mod buying;
mod channels;
mod coverage;
mod phone;
mod properties;
mod registration;
mod resident;
mod schemes;
mod support;
mod texting;
mod visits;
