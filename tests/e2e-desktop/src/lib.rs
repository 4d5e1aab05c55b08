//! The harness for the desktop test: the real app binary in a window driven through
//! tauri-driver ([`driver`], [`window`]), and what the app leaves on the machine: the Secret
//! Service entry and the saved data ([`device`]). The backend that can be stopped and started
//! again on the same port and database is tests/support's [`StoppableServer`].

pub mod device;
pub mod driver;
pub mod window;

pub use driver::TauriDriver;
pub use permit_test_support::StoppableServer;
pub use window::AppWindow;
