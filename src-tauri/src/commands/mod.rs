//! The IPC surface. Each command is one line into `permit-app-core`; errors cross as
//! `{code, message}` (`AppError`'s serialization). Every command is listed in `build.rs` and
//! granted in `capabilities/resident.json`; tauri passes arguments named in camelCase.

mod account;
mod permits;
mod session;

pub(crate) use account::*;
pub(crate) use permits::*;
pub(crate) use session::*;

type Reply<T> = Result<T, permit_app_core::AppError>;
