//! Round trips to PostgreSQL, counted on the wire (issue 20): a proxy on loopback between the
//! server and PostgreSQL that reads the frontend protocol's messages going in. A round trip
//! is a message the client then waits on: a simple query (`Q`: sqlx's BEGIN and COMMIT) or a
//! `Sync` (`S`) closing an extended-protocol batch. A batch with an `Execute` runs a
//! statement; one with only `Parse`/`Describe` prepares one (the first use of a statement on
//! a connection); an empty one is a ping (the pool's test of a connection it lends).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What went through the proxy so far.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RoundTrips {
    /// Round trips that ran statements: simple queries and batches with an `Execute`.
    pub statements: usize,
    /// Batches that only prepared statements.
    pub prepares: usize,
    /// Empty batches: pings.
    pub pings: usize,
}

impl RoundTrips {
    /// Every round trip but the preparing ones, which a warmed-up connection does not make.
    pub fn waited(&self) -> usize {
        self.statements + self.pings
    }
}

impl std::ops::Sub for RoundTrips {
    type Output = Self;
    fn sub(self, earlier: Self) -> Self {
        Self {
            statements: self.statements - earlier.statements,
            prepares: self.prepares - earlier.prepares,
            pings: self.pings - earlier.pings,
        }
    }
}

#[derive(Debug, Default)]
struct Counters {
    statements: AtomicUsize,
    prepares: AtomicUsize,
    pings: AtomicUsize,
}

/// The proxy; it runs until the process ends (a test's connections end with it).
#[derive(Debug)]
pub struct PgRoundTrips {
    url: String,
    counters: Arc<Counters>,
}

impl PgRoundTrips {
    /// A proxy in front of the PostgreSQL server of `url` (`postgres://user:pw@host:port/db`);
    /// [`Self::url`] is the same database through the proxy.
    pub fn start(url: &str) -> Self {
        let (scheme_and_user, rest) = url.rsplit_once('@').expect("the URL names its user");
        let (upstream, path) = rest.split_once('/').expect("the URL names a database");
        let upstream = upstream.to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().expect("bound").port();
        let counters = Arc::new(Counters::default());
        let shared = counters.clone();
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let server = TcpStream::connect(&upstream).expect("PostgreSQL reachable");
                relay(client, server, shared.clone());
            }
        });
        // No TLS: the proxy reads the messages as they are.
        let joiner = if path.contains('?') { '&' } else { '?' };
        Self {
            url: format!("{scheme_and_user}@127.0.0.1:{port}/{path}{joiner}sslmode=disable"),
            counters,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn now(&self) -> RoundTrips {
        RoundTrips {
            statements: self.counters.statements.load(Ordering::SeqCst),
            prepares: self.counters.prepares.load(Ordering::SeqCst),
            pings: self.counters.pings.load(Ordering::SeqCst),
        }
    }
}

fn relay(client: TcpStream, server: TcpStream, counters: Arc<Counters>) {
    let (mut client_in, mut server_out) = (
        client.try_clone().expect("socket"),
        server.try_clone().expect("socket"),
    );
    std::thread::spawn(move || {
        let _ = count_and_forward(&mut client_in, &mut server_out, &counters);
        let _ = server_out.shutdown(Shutdown::Write);
    });
    let (mut server_in, mut client_out) = (server, client);
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut server_in, &mut client_out);
        let _ = client_out.shutdown(Shutdown::Write);
    });
}

/// Forwards the frontend's messages one by one, counting as it goes. The first message (the
/// startup message) has no type byte; every later one is a type byte and a length.
fn count_and_forward(
    from: &mut TcpStream,
    to: &mut TcpStream,
    counters: &Counters,
) -> std::io::Result<()> {
    let mut length = [0u8; 4];
    from.read_exact(&mut length)?;
    let mut body = vec![0u8; (u32::from_be_bytes(length) as usize).saturating_sub(4)];
    from.read_exact(&mut body)?;
    to.write_all(&length)?;
    to.write_all(&body)?;
    let (mut parsed, mut executed) = (false, false);
    loop {
        let mut head = [0u8; 5];
        from.read_exact(&mut head)?;
        let length = u32::from_be_bytes([head[1], head[2], head[3], head[4]]) as usize;
        let mut body = vec![0u8; length.saturating_sub(4)];
        from.read_exact(&mut body)?;
        match head[0] {
            b'Q' => {
                counters.statements.fetch_add(1, Ordering::SeqCst);
            }
            b'P' => parsed = true,
            b'E' => executed = true,
            b'S' => {
                let counter = if executed {
                    &counters.statements
                } else if parsed {
                    &counters.prepares
                } else {
                    &counters.pings
                };
                counter.fetch_add(1, Ordering::SeqCst);
                (parsed, executed) = (false, false);
            }
            _ => {}
        }
        to.write_all(&head)?;
        to.write_all(&body)?;
    }
}
