//! Issue 16: card numbers never touch our API. After a purchase paid on the sandbox's hosted
//! page, no card number is in the database (the outbox among its tables), the logs or the
//! messages sent. Its own test binary: it captures every log line of the process.

use permit_client::types::PurchaseOrder;
use permit_server::db::Backend;
use permit_test_support::TestServer;
use std::sync::{Arc, Mutex};

/// What the test's own thread logs, kept to be searched.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every text value in every table (the outbox among them), one per line.
async fn every_stored_text(app: &TestServer) -> String {
    use sqlx::Row;
    let mut conn = app.state.db.pool().acquire().await.expect("connection");
    let postgres = app.state.db.backend() == Backend::Postgres;
    let tables_sql = if postgres {
        "SELECT CAST(tablename AS TEXT) FROM pg_tables WHERE schemaname = current_schema()"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    };
    let tables: Vec<(String,)> = sqlx::query_as(tables_sql)
        .fetch_all(&mut *conn)
        .await
        .expect("tables");
    let mut text = String::new();
    for (table,) in &tables {
        // PostgreSQL's column types are more than the `Any` driver reads: each row as JSON.
        let select = if postgres {
            format!("SELECT CAST(row_to_json(t) AS TEXT) FROM {table} t")
        } else {
            format!("SELECT * FROM {table}")
        };
        let rows = sqlx::query(&select)
            .fetch_all(&mut *conn)
            .await
            .expect("rows");
        for row in &rows {
            for i in 0..row.len() {
                if let Ok(value) = row.try_get::<String, _>(i) {
                    text.push_str(&value);
                    text.push('\n');
                }
            }
        }
    }
    text
}

#[tokio::test]
async fn vp1_after_a_purchase_no_card_number_is_in_the_database_the_logs_or_the_outbox() {
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
    let app = TestServer::spawn().await;
    let resident = app.resident("hampshire", "no-card@example.org").await;
    let order = PurchaseOrder {
        permit_type: "visitor-bundle".into(),
        quantity: 1,
        ..PurchaseOrder::default()
    };
    let order = resident
        .start_purchase("no-card-1", &order)
        .await
        .expect("order made");
    let page = order.next_url.as_deref().expect("a payment page");
    let back = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .post(page)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("card_number=4242+4242+4242+4242")
        .send()
        .await
        .expect("paid");
    assert_eq!(back.status(), 303, "back to the service");
    let paid = resident.purchase_order(&order.id).await.expect("read");
    assert_eq!(paid.state, "paid");
    let stored = every_stored_text(&app).await;
    assert!(
        stored.contains(&order.id),
        "the search reads the orders table"
    );
    let outbox = app
        .client
        .outbox("no-card@example.org")
        .await
        .expect("outbox");
    assert!(!outbox.is_empty(), "the registration's messages are there");
    let logged = String::from_utf8(log.0.lock().expect("log").clone()).expect("utf-8");
    assert!(
        logged.contains("order paid and issued"),
        "the logs were captured"
    );
    let digits = |text: &str| {
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    };
    for (place, text) in [
        ("database", stored),
        ("logs", logged),
        (
            "outbox",
            outbox
                .iter()
                .map(|m| m.body.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    ] {
        assert!(!text.contains("4242 4242"), "a card number in the {place}");
        for line in text.lines() {
            assert!(
                !digits(line).contains("4242424242424242"),
                "a card number in the {place}: {line}"
            );
        }
    }
}
