//! The desktop app end to end (issue 7): the real binary in a window under Xvfb, the real
//! backend, the session in a real Secret Service. `#[ignore]`d in a plain `cargo test`, as it
//! needs all of those; scripts/test-desktop.sh builds and starts them and runs it with
//! `--ignored`.

mod journey;
