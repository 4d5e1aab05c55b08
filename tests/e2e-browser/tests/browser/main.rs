//! One test binary for every browser flow (like crates/server/tests/api). Each test starts
//! its own server and chromedriver. These tests need Chromium, chromedriver and the release
//! web build, so they are `#[ignore]`d in a plain `cargo test` and run by scripts/test-ui.sh
//! with `--ignored`.

mod account;
mod activate;
mod auto_renew;
mod buy;
mod contacts;
mod keep_signed_in;
mod log_out_everywhere;
mod menu;
mod new_build;
mod office;
mod office_console;
mod office_lookup;
mod offline;
mod past_stays;
mod payment_page;
mod permits;
mod renew_page;
mod saved_visitors;
mod screenshots;
mod visitor;
mod visits;
