//! The harness for the desktop test: the real backend that can be stopped and started again
//! on the same port and database ([`backend`]), the real app binary in a window driven through
//! tauri-driver ([`driver`], [`window`]), and what the app leaves on the machine: the Secret Service entry
//! and the saved data ([`device`]).

pub mod backend;
pub mod device;
pub mod driver;
pub mod window;

pub use backend::Backend;
pub use driver::TauriDriver;
pub use window::AppWindow;
