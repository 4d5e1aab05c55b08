//! The web entry point trunk builds: mounts the back office in the browser. On the host it does
//! nothing (the package is built there only for its unit tests).

fn main() {
    #[cfg(target_arch = "wasm32")]
    permit_office::start();
}
