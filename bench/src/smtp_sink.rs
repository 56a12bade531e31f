//! A mail server on loopback that accepts every message and keeps, for each, the instant
//! its last line arrived and its Message-ID: the servers the benchmark starts send their
//! mail here, and metric 8 matches what arrived with the commands that caused it.
//!
//! It speaks just enough SMTP for a client that sends in the clear (lettre's, without TLS
//! or authentication): a greeting, 250 to every command, 354 to `DATA`, 250 once the
//! message's closing dot arrives, 221 to `QUIT`. Nothing is stored but the two facts, so
//! that it keeps up with thousands of messages a second on a core it shares.

use anyhow::Context;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One message accepted.
#[derive(Debug, Clone)]
pub struct Arrival {
    /// The Message-ID header's value without its angle brackets (`<uuid>@<host>` gives
    /// `uuid@host`); empty when the message had none.
    pub message_id: String,
    /// When its closing dot arrived, just before the 250 that accepts it.
    pub at: Instant,
    /// From its first line to its closing dot. The client writes the whole message at
    /// once and the dot after it: anything here beyond a few microseconds is the client
    /// holding the dot back (Nagle's algorithm waiting for this side's delayed ACK).
    pub dot_waited: Duration,
}

/// The sink, listening until dropped.
#[derive(Debug)]
pub struct SmtpSink {
    /// `smtp://127.0.0.1:<port>`, for the server's `CHARTER_SMTP_URL`.
    pub url: String,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
    task: JoinHandle<()>,
}

impl SmtpSink {
    /// Listens on a free loopback port.
    pub async fn start() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .context("the SMTP sink found no free loopback port")?;
        let url = format!("smtp://{}", listener.local_addr()?);
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let task = tokio::spawn(accept(listener, arrivals.clone()));
        Ok(Self {
            url,
            arrivals,
            task,
        })
    }

    /// How many messages have arrived so far.
    pub fn count(&self) -> usize {
        self.arrivals.lock().map_or(0, |arrivals| arrivals.len())
    }

    /// Every message that has arrived so far, in the order they did.
    pub fn arrivals(&self) -> Vec<Arrival> {
        self.arrivals
            .lock()
            .map_or_else(|_| Vec::new(), |arrivals| arrivals.clone())
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, arrivals: Arc<Mutex<Vec<Arrival>>>) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let arrivals = arrivals.clone();
                tokio::spawn(async move {
                    if let Err(error) = converse(stream, &arrivals).await {
                        tracing::debug!("an SMTP conversation with the sink broke: {error}");
                    }
                });
            }
            Err(error) => {
                tracing::warn!("the SMTP sink cannot accept: {error}");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
    }
}

/// One client connection, for as many messages as the client sends over it.
async fn converse(stream: TcpStream, arrivals: &Mutex<Vec<Arrival>>) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let mut line = Vec::new();
    write.write_all(b"220 charter-bench sink\r\n").await?;
    loop {
        line.clear();
        if read.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
        match verb.as_slice() {
            b"EHLO" => {
                write
                    .write_all(b"250-charter-bench\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                    .await?
            }
            b"DATA" => {
                write.write_all(b"354 go on\r\n").await?;
                let (message_id, began) = read_message(&mut read).await?;
                let at = Instant::now();
                if let Ok(mut arrivals) = arrivals.lock() {
                    arrivals.push(Arrival {
                        message_id,
                        at,
                        dot_waited: at.saturating_duration_since(began),
                    });
                }
                write.write_all(b"250 accepted\r\n").await?;
            }
            b"QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => write.write_all(b"250 ok\r\n").await?,
        }
    }
}

/// Reads a message up to its closing dot; its Message-ID, and when its first line came.
async fn read_message(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> std::io::Result<(String, Instant)> {
    let mut line = Vec::new();
    let mut in_headers = true;
    let mut message_id = String::new();
    let mut began = None;
    loop {
        line.clear();
        if read.read_until(b'\n', &mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let began = *began.get_or_insert_with(Instant::now);
        let text = line.trim_ascii_end();
        if text == b"." {
            return Ok((message_id, began));
        }
        if in_headers {
            if text.is_empty() {
                in_headers = false;
            } else if let Some(value) = header_value(text, b"message-id:") {
                message_id = value;
            }
        }
    }
}

/// The value of header `name` (lower case, with its colon) if `line` is that header.
fn header_value(line: &[u8], name: &[u8]) -> Option<String> {
    let head = line.get(..name.len())?;
    if !head.eq_ignore_ascii_case(name) {
        return None;
    }
    let value = String::from_utf8_lossy(&line[name.len()..]);
    Some(value.trim().trim_matches(['<', '>']).to_owned())
}

#[cfg(test)]
mod tests {
    use super::header_value;

    #[test]
    fn the_message_id_is_read_without_its_brackets_in_any_case() {
        let id = header_value(b"Message-ID: <0190-ab@hubs.example>", b"message-id:");
        assert_eq!(id.as_deref(), Some("0190-ab@hubs.example"));
        assert_eq!(header_value(b"Subject: x", b"message-id:"), None);
    }
}
