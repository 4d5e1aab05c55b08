//! The Leptos (CSR) resident UI. It is filled in by the UI issue; it will use
//! `permit-rules` for instant feedback (horizon, allowance) while the server decides.
