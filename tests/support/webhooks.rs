//! A webhook receiver on loopback for the tests: a small axum server that keeps every
//! request it is sent (headers and body, exactly as received) and answers each with the
//! next status it was told to give (200 once those run out), as a failing receiver would.
//! A delivery is verified as a receiver would verify it, with the `standardwebhooks` crate.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use serde_json::Value;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

/// One request the receiver was sent.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Delivered {
    /// The `webhook-id` header.
    pub fn id(&self) -> String {
        self.header("webhook-id")
    }

    /// A header's value, empty if absent.
    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    /// Whether it verifies with `secret` (signature, and a timestamp within five minutes).
    pub fn verifies_with(&self, secret: &str) -> bool {
        let webhook = standardwebhooks::Webhook::new(secret).expect("a well-formed secret");
        webhook.verify(&self.body, &self.headers).is_ok()
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

#[derive(Debug, Default)]
struct Inner {
    received: Vec<Delivered>,
    answers: VecDeque<StatusCode>,
    always: Option<StatusCode>,
}

/// A running test receiver; it stops when dropped.
#[derive(Debug)]
pub struct WebhookReceiver {
    address: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    task: JoinHandle<()>,
}

impl WebhookReceiver {
    /// Starts a receiver on a free loopback port.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let address = listener.local_addr().expect("its address");
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new()
            .route("/hooks", post(receive))
            .with_state(inner.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            address,
            inner,
            task,
        }
    }

    /// Where it listens for webhooks.
    pub fn url(&self) -> String {
        format!("http://{}/hooks", self.address)
    }

    /// Answers the next requests with these statuses, in order.
    pub fn answer_next(&self, statuses: &[u16]) {
        let mut inner = self.inner.lock().expect("not poisoned");
        inner.answers.extend(
            statuses
                .iter()
                .map(|status| StatusCode::from_u16(*status).expect("a status")),
        );
    }

    /// Answers every request with `status` from now on (`None`: back to the queue and 200).
    pub fn answer_always(&self, status: Option<u16>) {
        self.inner.lock().expect("not poisoned").always =
            status.map(|status| StatusCode::from_u16(status).expect("a status"));
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Delivered> {
        self.inner.lock().expect("not poisoned").received.clone()
    }

    /// Waits until it has received at least `count` requests (for at most 20 s), then a
    /// moment more for any that should not come; returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<Delivered> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while self.received().len() < count && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.received()
    }
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn receive(
    State(inner): State<Arc<Mutex<Inner>>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut inner = inner.lock().expect("not poisoned");
    inner.received.push(Delivered { headers, body });
    if let Some(status) = inner.always {
        return status;
    }
    inner.answers.pop_front().unwrap_or(StatusCode::OK)
}
