//! The IPC surface. Each command is one line into `permit-app-core`, in a span that leaves out
//! PINs, contacts, card numbers and VRMs; errors cross as `{code, message}` (`AppError`'s
//! serialization). Every command is named in `permit_api_types::app::commands` (declared by
//! `build.rs`, registered in `lib.rs`, granted in `capabilities/resident.json`); tauri passes
//! arguments named in camelCase.

mod account;
mod permits;
mod session;
mod visitors;

pub(crate) use account::*;
pub(crate) use permits::*;
pub(crate) use session::*;
pub(crate) use visitors::*;

type Reply<T> = Result<T, permit_app_core::AppError>;
