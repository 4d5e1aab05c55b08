//! The permit service: residents' accounts, purchases, stays and permits over HTTP.
//! Council rules are decided by `permit-rules`; this crate stores, authenticates and serves.

pub mod auth;
pub mod booking;
pub mod channel_settings;
pub mod clock;
pub mod commerce;
pub mod config;
pub mod councils;
pub mod db;
pub mod delivery;
pub mod demo;
pub mod domain;
pub mod error;
pub mod extract;
mod files;
pub mod gazetteer;
pub mod jobs;
pub mod limits;
pub mod notify;
pub mod operator_access;
pub mod payments;
pub mod phone;
pub mod review;
pub mod routes;
pub mod secret;
pub mod serve;
pub mod staff;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod texting;
pub mod upload;
pub mod vehicles;
pub mod views;
mod web;

pub use config::Settings;
pub use startup::Application;
