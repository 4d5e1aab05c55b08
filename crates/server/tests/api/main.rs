//! The server's integration tests: each starts the real server on port 0 with its own
//! database (a temp SQLite file, or a fresh PostgreSQL database when `PERMITS_TEST_PG_URL` is
//! set) and drives it over HTTP through `permit-client`.

mod agent;
mod agent_permits;
mod atomicity;
mod booking_channels;
mod contacts;
mod delivery;
mod delivery_gateway;
mod enforcement;
mod evidence;
mod health;
mod helpers;
mod helpers_orders;
mod helpers_sms;
mod helpers_staff;
mod households;
mod http_limits;
mod jobs;
mod jobs_twice;
mod limits;
mod login;
mod moving;
mod officer_requests;
mod officers;
mod openapi;
mod operator;
mod orders;
mod orders_refunds;
mod orders_safety;
mod orders_webhook;
mod ownership;
mod paging;
mod payment_providers;
mod permits;
mod purchases;
mod registration;
mod rejections;
mod review_queue;
mod stays;
mod test_clock;
mod text_confirmation;
mod texting;
mod two_servers;
mod visits;
mod web;
