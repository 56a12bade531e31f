//! The Prometheus metrics: requests by route template, projection lag, appends, the
//! process and the build; and who may read them.

use charter_api::http::metrics::MetricsFrom;
use charter_tests::{assert_problem, spawn_app, spawn_app_with, TestApp};
use reqwest::Method;
use uuid::Uuid;

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_show_projection_lag() {
    let app = spawn_app().await;
    let (applicant, opened) = app.open_application("Lisbon").await;
    let id = TestApp::id_of(&applicant);
    let position = opened["position"].as_i64().expect("position");
    for _ in 0..3 {
        app.read(&format!("/api/v1/applications/{id}"), &applicant, position)
            .await;
    }
    let missing = app
        .get(
            &format!("/api/v1/applications/{}", Uuid::new_v4()),
            &applicant,
        )
        .await;
    assert_eq!(missing.status(), 403);

    let response = app
        .request(Method::GET, "/metrics", None)
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .expect("ASCII")
        .starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.expect("text");
    let line = |prefix: &str| {
        text.lines()
            .find(|line| line.starts_with(prefix))
            .unwrap_or_else(|| panic!("{prefix} in\n{text}"))
            .to_owned()
    };
    let reads = line(
        "charter_http_requests_total{method=\"GET\",route=\"/api/v1/applications/{id}\",status=\"200\"}",
    );
    assert!(reads.ends_with(" 3"), "{reads}");
    line("charter_http_requests_total{method=\"GET\",route=\"/api/v1/applications/{id}\",status=\"403\"} 1");
    line("charter_http_requests_total{method=\"POST\",route=\"/api/v1/applications\",status=\"201\"} 1");
    line("charter_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/applications/{id}\",status=\"200\",le=\"+Inf\"} 3");
    line("charter_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/applications/{id}\",status=\"200\"} 3");
    for projection in [
        "application_summary",
        "application_timeline",
        "deadlines",
        "roster",
        "vote_register",
        "vote_outcomes",
    ] {
        line(&format!(
            "charter_projection_events_behind{{projection=\"{projection}\"}}"
        ));
        line(&format!(
            "charter_projection_seconds_behind{{projection=\"{projection}\"}}"
        ));
    }
    line("charter_worker_healthy{worker=\"scheduler\"");
    // The opening was the one command: one append, alone in its statement.
    line("charter_append_statements_total{aggregate=\"Application\"} 1");
    line("charter_appends_total{aggregate=\"Application\"} 1");
    line("charter_appends_waiting{aggregate=\"Application\"} 0");
    line("charter_appends_total{aggregate=\"CommitteeVote\"} 0");
    assert!(!text.contains(&applicant.token), "no token in metrics");
    app.stop().await;
}

/// The metrics at `address` as text, when answered 200.
async fn metrics_at(address: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{address}/metrics"))
        .send()
        .await
        .expect("send")
}

#[tokio::test]
async fn metrics_show_the_process_and_the_build() {
    let app = spawn_app().await;

    let response = metrics_at(&app.address).await;

    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("text");
    let value = |name: &str| -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{name} in\n{text}"))
            .parse()
            .expect("a number")
    };
    assert!(value("process_cpu_seconds_total") >= 0.0);
    assert!(value("process_resident_memory_bytes") > 1_000_000.0);
    assert!(value("process_open_fds") >= 3.0);
    let now = chrono::Utc::now().timestamp() as f64;
    let started = value("process_start_time_seconds");
    assert!(
        started <= now + 1.0 && started > now - 24.0 * 3600.0,
        "{started}"
    );
    let build = format!(
        "charter_build_info{{version=\"{}\",commit=\"{}\"}} 1",
        env!("CARGO_PKG_VERSION"),
        charter_api::telemetry::COMMIT
    );
    assert!(text.lines().any(|line| line == build), "{build} in\n{text}");
    assert_ne!(charter_api::telemetry::COMMIT, "");
}

/// This machine's address on its network, if it has one besides loopback: the address a
/// datagram socket would send from (nothing is sent).
fn address_off_loopback() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("203.0.113.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[tokio::test]
async fn metrics_are_refused_to_clients_off_this_machine_unless_opened_to_any() {
    let Some(ip) = address_off_loopback() else {
        eprintln!("skipped: this machine has no address besides loopback");
        return;
    };
    for (from, expected) in [(MetricsFrom::Loopback, 403), (MetricsFrom::Any, 200)] {
        let app = spawn_app_with(|settings| {
            settings.listen = std::net::SocketAddr::from(([0, 0, 0, 0], 0));
            settings.metrics_from = from;
        })
        .await;
        let port = app.address.rsplit(':').next().expect("a port");
        let outside = format!("http://{ip}:{port}");

        let response = metrics_at(&outside).await;

        assert_eq!(response.status(), expected, "{from:?}");
        if expected == 403 {
            assert_problem(response, 403, "forbidden").await;
            // The rest of the server answers there; only the metrics are kept in.
            let health = reqwest::get(format!("{outside}/healthz"))
                .await
                .expect("send");
            assert_eq!(health.status(), 200);
            assert_eq!(metrics_at(&app.address).await.status(), 200, "loopback");
        }
        app.stop().await;
    }
}
