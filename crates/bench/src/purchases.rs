//! `permit-bench purchases --url URL --file FILE [--connections N] [--seconds S]`: the
//! two-phase purchase (issue 16) under load, one whole purchase at a time on each connection,
//! as a payer makes it: `POST /api/v1/purchases` with an `Idempotency-Key` (the rules' checks,
//! the order and its allowance hold stored, the payment created at the provider), the card on
//! the sandbox's hosted page (which stands in for GOV.UK Pay's: in memory, and sends the payer
//! back), then `GET /api/v1/purchases/{id}`, the return page's read (the payment's state read
//! from the provider, the bundle and payment issued in one transaction). wrk sends one request
//! at a time, so this is its own small load generator; it prints wrk's `BENCH` line for
//! scripts/bench.sh, counting whole purchases as its requests.

use permit_api_types::{IDEMPOTENCY_KEY_HEADER, PaymentOrder};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// What the run was given.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) url: String,
    pub(crate) file: std::path::PathBuf,
    pub(crate) connections: usize,
    pub(crate) seconds: u64,
}

/// How one purchase went wrong: an answer that was not the expected one, or no answer.
#[derive(Debug)]
enum Failure {
    Status(String),
    Transport(String),
}

impl From<reqwest::Error> for Failure {
    fn from(error: reqwest::Error) -> Self {
        Self::Transport(error.to_string())
    }
}

#[derive(Debug, Default)]
struct Tally {
    latencies_us: Vec<u64>,
    refused: usize,
    broken: usize,
    first_failure: Option<String>,
}

pub(crate) async fn run(run: &Run) -> Result<(), String> {
    let text =
        std::fs::read_to_string(&run.file).map_err(|e| format!("{}: {e}", run.file.display()))?;
    let lines: Arc<Vec<(String, String)>> = Arc::new(
        text.lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(token, body)| (token.to_owned(), body.to_owned()))
            .collect(),
    );
    // The sandbox's page answers with a redirect to the return page: seen, not followed.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| e.to_string())?;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(run.seconds);
    let workers: Vec<_> = (0..run.connections.max(1))
        .map(|_| {
            let (http, lines, next) = (http.clone(), lines.clone(), next.clone());
            let url = run.url.clone();
            tokio::spawn(async move {
                let mut tally = Tally::default();
                while Instant::now() < deadline {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((token, body)) = lines.get(i) else {
                        break;
                    };
                    let began = Instant::now();
                    match purchase(&http, &url, token, body, &format!("bench-buy-{i}")).await {
                        Ok(()) => tally.latencies_us.push(elapsed_us(began)),
                        Err(failure) => {
                            let message = match failure {
                                Failure::Status(m) => {
                                    tally.refused += 1;
                                    m
                                }
                                Failure::Transport(m) => {
                                    tally.broken += 1;
                                    m
                                }
                            };
                            tally.first_failure.get_or_insert(message);
                        }
                    }
                }
                tally
            })
        })
        .collect();
    let mut all = Tally::default();
    for worker in workers {
        let tally = worker.await.map_err(|e| e.to_string())?;
        all.latencies_us.extend(tally.latencies_us);
        all.refused += tally.refused;
        all.broken += tally.broken;
        all.first_failure = all.first_failure.or(tally.first_failure);
    }
    let duration_us = elapsed_us(started);
    if next.load(Ordering::Relaxed) >= lines.len() {
        eprintln!(
            "permit-bench purchases: all {} purchases of the file made before the time was up",
            lines.len()
        );
    }
    if let Some(failure) = &all.first_failure {
        eprintln!("permit-bench purchases: first failure: {failure}");
    }
    all.latencies_us.sort_unstable();
    let at = |q: usize| {
        let n = all.latencies_us.len();
        all.latencies_us
            .get((n * q / 100).min(n.saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    };
    println!(
        "BENCH requests={} duration_us={duration_us} p50_us={} p99_us={} max_us={} non2xx={} socket_errors={}",
        all.latencies_us.len() + all.refused + all.broken,
        at(50),
        at(99),
        all.latencies_us.last().copied().unwrap_or(0),
        all.refused,
        all.broken
    );
    Ok(())
}

fn elapsed_us(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_micros()).unwrap_or(u64::MAX)
}

/// One whole purchase, paid with the sandbox's test card that succeeds.
async fn purchase(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    body: &str,
    key: &str,
) -> Result<(), Failure> {
    let made = http
        .post(format!("{base}/api/v1/purchases"))
        .bearer_auth(token)
        .header(IDEMPOTENCY_KEY_HEADER, key)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await?;
    let order: PaymentOrder = expect(made, 202).await?.json().await?;
    let page = order
        .next_url
        .ok_or_else(|| Failure::Status("an order without a payment page".into()))?;
    let card = permit_server::payments::SANDBOX_CARD_OK;
    let paid = http
        .post(page)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("card_number={card}"))
        .send()
        .await?;
    expect(paid, 303).await?;
    let read = http
        .get(format!("{base}/api/v1/purchases/{}", order.id))
        .bearer_auth(token)
        .send()
        .await?;
    let order: PaymentOrder = expect(read, 200).await?.json().await?;
    if order.state == "paid" {
        Ok(())
    } else {
        Err(Failure::Status(format!(
            "order {} is {}",
            order.id, order.state
        )))
    }
}

async fn expect(answer: reqwest::Response, status: u16) -> Result<reqwest::Response, Failure> {
    if answer.status().as_u16() == status {
        return Ok(answer);
    }
    let got = answer.status();
    let text = answer.text().await.unwrap_or_default();
    Err(Failure::Status(format!(
        "{got} instead of {status}: {text}"
    )))
}
