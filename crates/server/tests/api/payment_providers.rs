//! Which provider takes each council's money (issue 16): the sandbox only in demos and tests,
//! and no start-up without a real provider for every council that sells something.

use crate::helpers::{Options, bundles, key, spawn_app_with};
use permit_server::payments::govuk_pay::{DEFAULT_TIMEOUT, GovukPaySettings};
use permit_server::payments::settings::{PaymentSettings, ProviderSettings};
use permit_server::secret::Secret;
use permit_server::startup::StartupError;
use permit_test_support::PaysOnSandbox;
use permit_test_support::{TestDatabase, assert_refused};

const SELLING: [&str; 4] = ["hampshire", "leicestershire", "cambridgeshire", "leicester"];

/// GOV.UK Pay at every council named, at an address nothing listens on (start-up calls no one).
fn govuk_pay_at(councils: &[&str]) -> PaymentSettings {
    let provider = ProviderSettings::GovukPay(GovukPaySettings {
        api_key: Secret::new("api_test_never-sent"),
        base_url: "http://127.0.0.1:9".to_owned(),
        timeout: DEFAULT_TIMEOUT,
        webhook_secret: None,
        recurring: false,
    });
    PaymentSettings {
        sandbox: false,
        public_url: Some("https://permits.example.gov.uk".to_owned()),
        councils: councils
            .iter()
            .map(|c| ((*c).to_owned(), provider.clone()))
            .collect(),
        ..PaymentSettings::default()
    }
}

#[tokio::test]
async fn without_the_sandbox_a_council_that_sells_with_no_provider_stops_start_up_in_one_sentence()
{
    let database = TestDatabase::new().await;
    let mut settings = database.settings(0);
    settings.payments = govuk_pay_at(&SELLING[..3]);
    let error = permit_server::Application::build(settings)
        .await
        .expect_err("refused");
    assert!(matches!(error, StartupError::Payments(_)), "{error:?}");
    let said = error.to_string();
    assert!(
        said.starts_with("council leicester sells permits but has no payment provider"),
        "{said}"
    );
    assert!(said.contains("--demo") && !said.contains('\n'), "{said}");
    assert_eq!(said.matches(". ").count(), 0, "one sentence: {said}");
}

#[tokio::test]
async fn a_provider_for_a_council_that_does_not_exist_stops_start_up() {
    let database = TestDatabase::new().await;
    let mut settings = database.settings(0);
    settings.payments = govuk_pay_at(&["hampshire", "atlantis"]);
    settings.payments.sandbox = true;
    let error = permit_server::Application::build(settings)
        .await
        .expect_err("refused");
    assert!(error.to_string().contains("atlantis"), "{error}");
}

#[tokio::test]
async fn with_govuk_pay_everywhere_the_server_starts_and_the_sandbox_buys_nothing() {
    let app = spawn_app_with(Options {
        payments: Some(govuk_pay_at(&SELLING)),
        ..Options::default()
    })
    .await;
    let council = permit_rules::CouncilId::parse("hampshire").expect("id");
    assert!(app.state.providers.get(&council).is_some());
    let resident = app.resident("hampshire", "real@example.org").await;
    let error = resident
        .buy(&key(), &bundles("visitor-bundle", 1))
        .await
        .expect_err("GOV.UK Pay is not there, and the sandbox is not used");
    assert_refused(&error, 402, "payment_provider_unavailable", None);
    assert_eq!(app.payments.charges(), 0);
    assert!(resident.visitor_permits().await.expect("held").is_empty());
}

#[tokio::test]
async fn under_the_test_setting_every_selling_council_pays_with_the_sandbox() {
    let app = spawn_app_with(Options::default()).await;
    for council in SELLING {
        let id = permit_rules::CouncilId::parse(council).expect("id");
        assert!(app.state.providers.get(&id).is_some(), "{council}");
    }
}
