//! The real server binary as a child process, as a deployment runs it: several of them on one
//! database behind a load balancer. Each prints its address and (in test mode) its operator
//! token on standard output; its log lines are kept for the test to read. The process is
//! killed when the value is dropped.

use crate::{TestDatabase, workspace_path};
use permit_client::Client;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const START_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct ServerProcess {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The typed client on this process (with its operator token when it has one).
    pub client: Client,
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl ServerProcess {
    /// Starts `count` processes of `binary` on `database` at once (as a deployment's servers
    /// start: migrations and start-up must not trip over each other), in test mode with the
    /// payment sandbox, each on a free loopback port, and waits until every one listens.
    /// `env` adds or overrides `PERMITS_*` variables.
    pub fn start_together(
        count: usize,
        binary: &Path,
        database: &TestDatabase,
        env: &[(&str, &str)],
    ) -> Vec<Self> {
        let started: Vec<_> = (0..count)
            .map(|_| spawn(binary, database.url(), env))
            .collect();
        let mut waited: Vec<(Child, Lines, Address)> = Vec::new();
        for (mut child, lines, ready) in started {
            let address = ready.recv_timeout(START_TIMEOUT);
            if address.is_err() {
                // Not left running after the test: the ones started so far go too.
                let _ = child.kill();
                for (mut other, ..) in waited {
                    let _ = other.kill();
                }
                std::thread::sleep(Duration::from_millis(200));
                let log = lines.lock().map(|l| l.join("\n")).unwrap_or_default();
                panic!("a server process did not start:\n{log}");
            }
            waited.push((child, lines, address));
        }
        waited
            .into_iter()
            .map(|(child, lines, address)| {
                let (port, token) = address.expect("checked above");
                let url = format!("http://127.0.0.1:{port}");
                let client = Client::new(&url);
                let client = match token {
                    Some(token) => client.with_operator_token(token),
                    None => client,
                };
                Self {
                    url,
                    client,
                    child,
                    lines,
                }
            })
            .collect()
    }

    /// How many lines this process has logged that contain `needle`.
    pub fn lines_containing(&self, needle: &str) -> usize {
        self.lines
            .lock()
            .map(|lines| lines.iter().filter(|l| l.contains(needle)).count())
            .unwrap_or(0)
    }

    /// Waits (up to ten seconds) for `servers` between them to have logged `count` lines
    /// containing `needle`, and answers how many they had: a line is read from the child's
    /// pipe by a thread, so it can arrive just after the request that caused it answered.
    pub async fn wait_for_lines(servers: &[ServerProcess], needle: &str, count: usize) -> usize {
        let total = || -> usize { servers.iter().map(|s| s.lines_containing(needle)).sum() };
        for _ in 0..100 {
            if total() >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        total()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

type Ready = mpsc::Receiver<(u16, Option<String>)>;
type Lines = Arc<Mutex<Vec<String>>>;
/// The port and operator token a process printed, or how waiting for them ended.
type Address = Result<(u16, Option<String>), mpsc::RecvTimeoutError>;

fn spawn(
    binary: &Path,
    database_url: &str,
    env: &[(&str, &str)],
) -> (Child, Arc<Mutex<Vec<String>>>, Ready) {
    let mut command = Command::new(binary);
    command
        .env("PERMITS_DATABASE_URL", database_url)
        .env("PERMITS_BIND", "127.0.0.1:0")
        .env("PERMITS_COUNCILS_DIR", workspace_path("assets/councils"))
        .env("PERMITS_GAZETTEER_DIR", workspace_path("assets/gazetteer"))
        .env("PERMITS_TEST_CLOCK", "1")
        .env("PERMITS_PAYMENTS_SANDBOX", "1")
        .env("RUST_LOG", "info,sqlx=warn")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the server binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let lines = Arc::new(Mutex::new(Vec::new()));
    let (ready, ready_rx) = mpsc::channel();
    let kept = lines.clone();
    std::thread::spawn(move || {
        let mut token = None;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("X-Operator-Token): ").nth(1) {
                token = Some(rest.trim().to_owned());
            }
            if let Some(port) = line
                .strip_prefix("listening on http://")
                .and_then(|address| address.rsplit(':').next())
                .and_then(|port| port.trim().parse().ok())
            {
                let _ = ready.send((port, token.clone()));
            }
            if std::env::var_os("TEST_LOG").is_some() {
                println!("{line}");
            }
            if let Ok(mut kept) = kept.lock() {
                kept.push(line);
            }
        }
    });
    (child, lines, ready_rx)
}
