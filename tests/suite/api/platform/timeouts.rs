//! Slow clients and the server's limits: a head sent a byte at a time is cut off after
//! the header timeout, a body after the body timeout (408), a whole request after the
//! request timeout (503), a body over the route's limit before it is buffered (413, even
//! with an `Idempotency-Key`), and a shutdown does not wait past its deadline for a
//! client that never finishes. Each client here is raw TCP, as slow as the test likes.

use charter_api::settings::Timeouts;
use charter_domain::Role;
use charter_tests::{spawn_app_with, TestApp};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Timeouts short enough for a test, `adjust`ed.
fn short(adjust: impl FnOnce(&mut Timeouts)) -> Timeouts {
    let mut timeouts = Timeouts {
        header: Duration::from_secs(1),
        body: Duration::from_secs(1),
        request: Duration::from_secs(30),
        shutdown: Duration::from_secs(1),
    };
    adjust(&mut timeouts);
    timeouts
}

async fn connect(app: &TestApp) -> TcpStream {
    let address = app
        .address
        .strip_prefix("http://")
        .expect("an http address");
    TcpStream::connect(address).await.expect("connect")
}

/// Sends `head`, then `body` a byte every 200 ms, while reading what the server answers;
/// returns the answer (empty if the server closed without one) and when it came.
async fn trickle(stream: TcpStream, head: String, body: Vec<u8>) -> (String, Duration) {
    let started = Instant::now();
    let (mut reader, mut writer) = stream.into_split();
    let reading = tokio::spawn(async move {
        let mut answer = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            match tokio::time::timeout(Duration::from_secs(15), reader.read(&mut buffer)).await {
                Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
                Ok(Ok(read)) => {
                    answer.extend_from_slice(&buffer[..read]);
                    if complete(&answer) {
                        break;
                    }
                }
            }
        }
        (
            String::from_utf8_lossy(&answer).into_owned(),
            started.elapsed(),
        )
    });
    let _ = writer.write_all(head.as_bytes()).await;
    for byte in body {
        if reading.is_finished() || writer.write_all(&[byte]).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    reading.await.expect("the reader")
}

/// Whether `answer` holds a whole response (its head, and as much body as it declares).
fn complete(answer: &[u8]) -> bool {
    let text = String::from_utf8_lossy(answer);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    body.len() >= length
}

fn head_of(method: &str, path: &str, headers: &[(&str, &str)]) -> String {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head + "\r\n"
}

#[tokio::test]
async fn a_head_sent_a_byte_at_a_time_is_cut_off_after_the_header_timeout() {
    let app = spawn_app_with(|settings| settings.timeouts = short(|_| {})).await;
    let stream = connect(&app).await;
    // The request line, then a header that never ends.
    let (answer, after) = trickle(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: localhost\r\n".to_owned(),
        b"X-Slow: ".iter().copied().chain([b'a'; 60]).collect(),
    )
    .await;
    assert_eq!(answer, "", "no answer can be framed for a head never read");
    assert!(
        after >= Duration::from_millis(900) && after < Duration::from_secs(4),
        "closed after {after:?}"
    );
    // The server still serves others.
    let response = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await;
    assert_eq!(response.expect("answered").status(), 200);
}

#[tokio::test]
async fn a_body_sent_a_byte_at_a_time_is_refused_after_the_body_timeout_and_writes_nothing() {
    let app = spawn_app_with(|settings| settings.timeouts = short(|_| {})).await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let events = app.event_count().await;
    let body = br#"{"name": "Elena Marchetti", "email": null}"#.to_vec();
    let bearer = format!("Bearer {}", secretariat.token);
    let length = body.len().to_string();
    for key in [None, Some("slow-1")] {
        let mut headers = vec![
            ("Authorization", bearer.as_str()),
            ("Content-Type", "application/json"),
            ("Content-Length", length.as_str()),
        ];
        headers.extend(key.map(|key| ("Idempotency-Key", key)));
        let head = head_of("POST", "/api/v1/people", &headers);
        let (answer, after) = trickle(connect(&app).await, head, body.clone()).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{key:?}: {answer}");
        assert!(
            answer.contains("urn:charter:problem:request-timeout"),
            "{answer}"
        );
        assert!(after < Duration::from_secs(4), "answered after {after:?}");
    }
    assert_eq!(app.event_count().await, events, "nothing is written");
}

#[tokio::test]
async fn a_request_past_the_request_timeout_is_answered_503_as_a_problem_or_a_page() {
    let app = spawn_app_with(|settings| {
        settings.timeouts = short(|timeouts| {
            timeouts.body = Duration::from_secs(30);
            timeouts.request = Duration::from_secs(1);
        })
    })
    .await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let bearer = format!("Bearer {}", secretariat.token);
    let json = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/json"),
        ("Content-Length", "100"),
    ];
    let form = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Content-Length", "100"),
        ("Accept-Language", "tr"),
    ];
    for (path, headers, kind) in [
        ("/api/v1/people", &json[..], "application/problem+json"),
        ("/sign-in", &form[..], "text/html"),
    ] {
        let head = head_of("POST", path, headers);
        let (answer, after) = trickle(connect(&app).await, head, vec![b' '; 100]).await;
        let lower = answer.to_ascii_lowercase();
        assert!(answer.starts_with("HTTP/1.1 503"), "{path}: {answer}");
        assert!(
            lower.contains(&format!("content-type: {kind}")),
            "{path}: {answer}"
        );
        assert!(lower.contains("retry-after: "), "{path}: {answer}");
        assert!(
            lower.contains("cache-control: no-store"),
            "{path}: {answer}"
        );
        assert!(
            after < Duration::from_secs(4),
            "{path}: answered after {after:?}"
        );
    }
}

#[tokio::test]
async fn a_body_over_the_routes_limit_is_refused_before_it_is_buffered_even_with_a_key() {
    let app = spawn_app_with(|settings| {
        settings.max_json_bytes = 1024;
        settings.timeouts = short(|timeouts| timeouts.body = Duration::from_secs(30));
    })
    .await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let bearer = format!("Bearer {}", secretariat.token);
    // Declared over the limit: refused before a byte of it is read.
    let declared = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/json"),
        ("Idempotency-Key", "big-1"),
        ("Content-Length", "2048"),
    ];
    let (answer, after) = trickle(
        connect(&app).await,
        head_of("POST", "/api/v1/people", &declared),
        vec![],
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(after < Duration::from_secs(2), "answered after {after:?}");
    // Chunked, past the limit, then nothing more: refused once the limit is passed, not
    // after waiting for the upload limit's worth.
    let chunked = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/json"),
        ("Idempotency-Key", "big-2"),
        ("Transfer-Encoding", "chunked"),
    ];
    let mut head = head_of("POST", "/api/v1/people", &chunked);
    head.push_str(&format!("600\r\n{}\r\n", "x".repeat(0x600)));
    let (answer, after) = trickle(connect(&app).await, head, vec![]).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("urn:charter:problem:payload-too-large"),
        "{answer}"
    );
    assert!(after < Duration::from_secs(3), "answered after {after:?}");
    // The upload route's own limit is the upload limit, with a key as without.
    let (applicant, _) = app.open_application("Lisbon").await;
    let id = applicant.application.expect("scoped").0;
    let path = format!("/api/v1/applications/{id}/documents");
    let upload = app
        .request(reqwest::Method::POST, &path, Some(&applicant))
        .query(&[("kind", "preliminary_report"), ("file_name", "big.pdf")])
        .header("Content-Type", "application/pdf")
        .header("Idempotency-Key", "upload-1")
        .body(vec![7u8; 4096])
        .send()
        .await
        .expect("send");
    assert_eq!(upload.status(), 201);
}

#[tokio::test]
async fn a_shutdown_drops_the_clients_still_busy_at_its_deadline() {
    let app = spawn_app_with(|settings| {
        settings.timeouts = short(|timeouts| {
            timeouts.header = Duration::from_secs(60);
            timeouts.body = Duration::from_secs(60);
            timeouts.request = Duration::from_secs(120);
        })
    })
    .await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let bearer = format!("Bearer {}", secretariat.token);
    let headers = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/json"),
        ("Content-Length", "1000"),
    ];
    // One client in the middle of a body, another in the middle of a head.
    let body_client = tokio::spawn(trickle(
        connect(&app).await,
        head_of("POST", "/api/v1/people", &headers),
        vec![b' '; 1000],
    ));
    let head_client = tokio::spawn(trickle(
        connect(&app).await,
        "GET /healthz HTTP/1.1\r\n".to_owned(),
        vec![b'a'; 1000],
    ));
    tokio::time::sleep(Duration::from_millis(500)).await;

    let started = Instant::now();
    app.stop().await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(4), "the shutdown took {took:?}");
    for client in [body_client, head_client] {
        let (_, after) = client.await.expect("a client");
        assert!(
            after < Duration::from_secs(6),
            "a client was held {after:?}"
        );
    }
}
