//! A real SMTP server on loopback for the email tests: the `mailin` crate's SMTP session (the
//! command parser and the protocol's state machine, the core of `mailin-embedded`), with tokio
//! I/O around it so a test can stop it and start it again on the same port. It keeps every
//! message it accepted, answers 550 (permanent) to the recipients it is told to refuse, and can
//! answer the next recipients with 451 (try again later, as greylisting does).

use mailin::{Action, Handler, Response, SessionBuilder, response};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// One message the server accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The envelope's sender and recipients (`MAIL FROM`, `RCPT TO`).
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent after `DATA`: headers, a blank line, the body.
    pub data: String,
}

impl Received {
    /// The value of header `name` (case-insensitive), unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let mut value: Option<String> = None;
        for line in head.split("\r\n") {
            if let Some(rest) = line.strip_prefix([' ', '\t']) {
                if let Some(v) = value.as_mut() {
                    v.push(' ');
                    v.push_str(rest.trim());
                }
                continue;
            }
            if value.is_some() {
                break;
            }
            if let Some((key, v)) = line.split_once(':')
                && key.eq_ignore_ascii_case(name)
            {
                value = Some(v.trim().to_owned());
            }
        }
        value
    }

    /// What follows the headers.
    pub fn body(&self) -> &str {
        self.data
            .split_once("\r\n\r\n")
            .map_or("", |(_, body)| body)
    }
}

#[derive(Debug, Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    /// Every `RCPT TO` the server was sent, refused or not.
    recipients_tried: Mutex<Vec<String>>,
    refused: Vec<String>,
    /// How many of the next recipients get 451.
    defer_next: AtomicUsize,
}

/// The server; stopped when dropped.
#[derive(Debug)]
pub struct SmtpServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accepting: Mutex<Option<JoinHandle<()>>>,
}

impl SmtpServer {
    /// Listens on a free loopback port, refusing `refused` recipients with 550.
    pub async fn start(refused: &[&str]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("the test SMTP server cannot listen on loopback: {e}"));
        let addr = listener.local_addr().expect("the SMTP server's address");
        let server = Self {
            addr,
            shared: Arc::new(Shared {
                refused: refused.iter().map(|r| (*r).to_owned()).collect(),
                ..Shared::default()
            }),
            accepting: Mutex::new(None),
        };
        server.accept_on(listener);
        server
    }

    /// `smtp://127.0.0.1:<port>`: plain SMTP, as a server's `smtp_url`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Closes the port and every connection: the next sends find nothing listening.
    pub fn stop(&self) {
        if let Some(task) = self.accepting.lock().expect("lock").take() {
            task.abort();
        }
    }

    /// Listens again on the same port.
    pub async fn restart(&self) {
        self.stop();
        let listener = TcpListener::bind(self.addr).await.unwrap_or_else(|e| {
            panic!(
                "the test SMTP server cannot listen on {} again: {e}",
                self.addr
            )
        });
        self.accept_on(listener);
    }

    /// The next `count` recipients are answered 451 (try later): their messages are not kept.
    pub fn defer_next(&self, count: usize) {
        self.shared.defer_next.store(count, Ordering::SeqCst);
    }

    /// Every message accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().expect("lock").clone()
    }

    /// Every recipient a client tried (`RCPT TO`), refused or not, in order.
    pub fn recipients_tried(&self) -> Vec<String> {
        self.shared.recipients_tried.lock().expect("lock").clone()
    }

    fn accept_on(&self, listener: TcpListener) {
        let shared = self.shared.clone();
        let task = tokio::spawn(async move {
            // Dropped with this task, so stopping the server also closes its connections.
            let mut sessions = JoinSet::new();
            loop {
                let Ok((stream, peer)) = listener.accept().await else {
                    continue;
                };
                sessions.spawn(session(stream, peer.ip(), shared.clone()));
                while sessions.try_join_next().is_some() {}
            }
        });
        *self.accepting.lock().expect("lock") = Some(task);
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One client's session: lines in, the state machine's answers out.
async fn session(stream: TcpStream, peer: IpAddr, shared: Arc<Shared>) {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let handler = Recorder {
        shared,
        from: String::new(),
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = SessionBuilder::new("permits-test-smtp").build(peer, handler);
    if reply(&mut write, &session.greeting()).await.is_err() {
        return;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        match read.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let answer = session.process(&line);
        match answer.action {
            Action::NoReply => {}
            Action::Reply => {
                if reply(&mut write, &answer).await.is_err() {
                    return;
                }
            }
            Action::Close | Action::UpgradeTls => {
                let _ = reply(&mut write, &answer).await;
                return;
            }
        }
    }
}

async fn reply(
    write: &mut tokio::net::tcp::OwnedWriteHalf,
    answer: &Response,
) -> std::io::Result<()> {
    write.write_all(&answer.buffer()?).await?;
    write.flush().await
}

/// The handler of one session: records the envelope and the data.
struct Recorder {
    shared: Arc<Shared>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

fn bare(address: &str) -> String {
    address
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned()
}

impl Handler for Recorder {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        self.from = bare(from);
        self.to.clear();
        self.data.clear();
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let to = bare(to);
        self.shared
            .recipients_tried
            .lock()
            .expect("lock")
            .push(to.clone());
        if self.shared.refused.contains(&to) {
            return response::NO_MAILBOX;
        }
        let deferred = self
            .shared
            .defer_next
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if deferred {
            return response::INTERNAL_ERROR;
        }
        self.to.push(to);
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let message = Received {
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            data: String::from_utf8_lossy(&std::mem::take(&mut self.data)).into_owned(),
        };
        self.shared.received.lock().expect("lock").push(message);
        response::OK
    }
}
