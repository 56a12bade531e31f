//! The server's logs as a collector reads them: `--log-format json`, one object a line,
//! and an access-log line per request naming the route template (never the query), the
//! status, the request id and the caller's W3C trace id.

use super::run::Scratch;
use super::start::Serving;
use charter_tests::TestDatabase;
use serde_json::Value;
use std::time::Duration;

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

#[tokio::test]
async fn json_logs_carry_an_access_line_per_request_with_route_template_and_trace_id() {
    let database = TestDatabase::create().await;
    let scratch = Scratch::new();
    let server = Serving::start(&database.url(), &scratch, &["--log-format", "json"]);
    assert!(
        server.answers_within(Duration::from_secs(40)).await,
        "{}",
        server.stderr()
    );
    let id = uuid::Uuid::new_v4();

    let response = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/applications/{id}?access_token=sekrit-in-a-url",
            server.address
        ))
        .header("traceparent", format!("00-{TRACE_ID}-00f067aa0ba902b7-01"))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 401);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .expect("ASCII")
        .to_owned();

    // The line is written once the answer has left; give it a moment to reach the file.
    let mut served = None;
    for _ in 0..50 {
        let log = server.stderr();
        let lines: Vec<Value> = log
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
            .collect();
        served = lines.into_iter().find(|line| {
            line["fields"]["message"] == "request served"
                && line["fields"]["request_id"] == request_id.as_str()
        });
        if served.is_some() {
            assert!(!log.contains("sekrit"), "{log}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let served = served.unwrap_or_else(|| panic!("no access line in {}", server.stderr()));
    assert_eq!(served["level"], "INFO", "{served}");
    assert_eq!(served["fields"]["method"], "GET", "{served}");
    assert_eq!(
        served["fields"]["route"], "/api/v1/applications/{id}",
        "{served}"
    );
    assert_eq!(served["fields"]["status"], 401, "{served}");
    assert!(served["fields"]["duration_ms"].is_number(), "{served}");
    assert_eq!(served["span"]["trace_id"], TRACE_ID, "{served}");
}
