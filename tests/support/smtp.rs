//! A mail server on loopback for the tests: it speaks enough SMTP over TCP for a real
//! client (greeting, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every message it
//! accepts, and can be told to answer the next messages with `451` (try again later), as a
//! busy or failing server would.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A running test mail server; it stops when dropped.
#[derive(Debug)]
pub struct SmtpServer {
    address: SocketAddr,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    refusals: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl SmtpServer {
    /// Starts a server on a free loopback port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let address = listener.local_addr().expect("its address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let refusals = Arc::new(AtomicUsize::new(0));
        let task = serve(listener, received.clone(), refusals.clone());
        Self {
            address,
            received,
            refusals,
            task,
        }
    }

    /// Stops listening and drops every open conversation, as a mail server that went down.
    pub async fn stop(&mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }

    /// Listens again on the same port, keeping what it received before.
    pub async fn resume(&mut self) {
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.address).await {
                Ok(listener) => break listener,
                Err(error) if tries < 50 => {
                    tries += 1;
                    eprintln!("rebinding {}: {error}", self.address);
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(error) => panic!("the port {} cannot be bound again: {error}", self.address),
            }
        };
        self.task = serve(listener, self.received.clone(), self.refusals.clone());
    }

    /// The URL a client sends to: plain SMTP, as on loopback.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.address)
    }

    /// Every message accepted so far, as received (dot-stuffing undone).
    pub fn received(&self) -> Vec<Vec<u8>> {
        self.received.lock().expect("not poisoned").clone()
    }

    /// Answers the next `count` messages with `451`, keeping none of them.
    pub fn refuse_next(&self, count: usize) {
        self.refusals.store(count, Ordering::SeqCst);
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Accepts conversations until aborted; aborting it ends the open ones too.
fn serve(
    listener: TcpListener,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    refusals: Arc<AtomicUsize>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut sessions = tokio::task::JoinSet::new();
        while let Ok((stream, _)) = listener.accept().await {
            sessions.spawn(session(stream, received.clone(), refusals.clone()));
            // Forget the finished ones.
            while sessions.try_join_next().is_some() {}
        }
    })
}

/// One client's conversation.
async fn session(
    stream: TcpStream,
    received: Arc<Mutex<Vec<Vec<u8>>>>,
    refusals: Arc<AtomicUsize>,
) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let mut line = Vec::new();
    if write
        .write_all(b"220 charter-tests ESMTP\r\n")
        .await
        .is_err()
    {
        return;
    }
    loop {
        line.clear();
        match lines.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = String::from_utf8_lossy(&line)
            .trim_end()
            .to_ascii_uppercase();
        let answer: &[u8] = if command.starts_with("EHLO") {
            b"250-charter-tests\r\n250 8BITMIME\r\n"
        } else if command.starts_with("HELO")
            || command.starts_with("MAIL FROM")
            || command.starts_with("RCPT TO")
            || command.starts_with("RSET")
            || command.starts_with("NOOP")
        {
            b"250 OK\r\n"
        } else if command.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else if command == "DATA" {
            if write
                .write_all(b"354 end with <CRLF>.<CRLF>\r\n")
                .await
                .is_err()
            {
                return;
            }
            let Some(message) = data(&mut lines).await else {
                return;
            };
            let refused = refusals
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if refused {
                b"451 try again later\r\n"
            } else {
                received.lock().expect("not poisoned").push(message);
                b"250 queued\r\n"
            }
        } else {
            b"500 unknown command\r\n"
        };
        if write.write_all(answer).await.is_err() {
            return;
        }
    }
}

/// The message after DATA, up to the line holding a lone dot; `None` if the client left.
async fn data<R: tokio::io::AsyncBufRead + Unpin>(lines: &mut R) -> Option<Vec<u8>> {
    let mut message = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        if line == b".\r\n" || line == b".\n" {
            return Some(message);
        }
        // A line that begins with a dot was sent with one more.
        let start = usize::from(line.starts_with(b".."));
        message.extend_from_slice(&line[start..]);
    }
}
