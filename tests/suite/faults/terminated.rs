//! The database drops the server's connections (`pg_terminate_backend`, as an operator or
//! a restart does) while requests are served: every answer is a success or a 503 with
//! `Retry-After`, for the API and for the pages alike, never a 500; and once it stops,
//! the server serves as before.

use charter_api::http::error::ApiError;
use charter_domain::Role;
use charter_tests::spawn_app;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde_json::json;
use sqlx::{Connection, PgConnection};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[tokio::test]
async fn each_sqlstate_of_a_server_going_away_is_a_503_and_a_refusal_stays_a_500() {
    let app = spawn_app().await;
    let mut conn = PgConnection::connect_with(&app.database.options)
        .await
        .expect("connect");
    let raised = |code: &str| {
        format!("DO $$ BEGIN RAISE EXCEPTION 'raised' USING ERRCODE = '{code}'; END $$")
    };
    let away = [
        "57P01", "57P02", "57P03", "57P05", "53300", "55000", "08006", "08003",
    ];
    for code in away {
        let error = sqlx::query(&raised(code))
            .execute(&mut conn)
            .await
            .expect_err("raised");
        let status = ApiError::from(error).classified().status();
        assert_eq!(status, 503, "SQLSTATE {code}");
    }
    for code in ["23505", "42601", "40001", "P0001"] {
        let error = sqlx::query(&raised(code))
            .execute(&mut conn)
            .await
            .expect_err("raised");
        assert_eq!(ApiError::from(error).status(), 500, "SQLSTATE {code}");
    }
    // A session the server really ends: FATAL 57P01 on the connection itself.
    let ended = sqlx::query("SELECT pg_terminate_backend(pg_backend_pid())")
        .execute(&mut conn)
        .await
        .expect_err("the session ends");
    assert_eq!(ApiError::from(ended).status(), 503, "terminated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_terminated_under_load_give_only_successes_and_503s_with_retry_after() {
    let app = spawn_app().await;
    let secretariat = app.caller(Role::Secretariat, "Sofia Staff").await;
    let stop = Arc::new(AtomicBool::new(false));

    // Ends every connection of the server to its database, again and again.
    let terminated = Arc::new(AtomicUsize::new(0));
    let terminator = {
        let (stop, terminated) = (stop.clone(), terminated.clone());
        let (options, name) = (app.database.options.clone(), app.database.name.clone());
        tokio::spawn(async move {
            let mut conn = PgConnection::connect_with(&options).await.expect("connect");
            while !stop.load(Ordering::Relaxed) {
                let ended: Vec<bool> = sqlx::query_scalar(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE datname = $1 AND pid <> pg_backend_pid()",
                )
                .bind(&name)
                .fetch_all(&mut conn)
                .await
                .expect("terminate");
                terminated.fetch_add(ended.len(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
        })
    };

    // Clients of the API (a command and two reads) and of the pages (a visit whose
    // session is read and kept in the database on every request).
    let answers: Arc<std::sync::Mutex<BTreeMap<u16, usize>>> = Arc::default();
    let started = Instant::now();
    let clients: Vec<_> = (0..6)
        .map(|worker| {
            let (address, token) = (app.address.clone(), secretariat.token.clone());
            let answers = answers.clone();
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .cookie_store(true)
                    .timeout(Duration::from_secs(20))
                    .build()
                    .expect("client");
                let mut n = 0;
                while started.elapsed() < Duration::from_secs(6) {
                    n += 1;
                    let request = match (worker + n) % 4 {
                        0 => client
                            .post(format!("{address}/api/v1/people"))
                            .bearer_auth(&token)
                            .json(&json!({"name": format!("Person {worker}-{n}")})),
                        1 => client
                            .get(format!("{address}/api/v1/people"))
                            .bearer_auth(&token),
                        2 => client
                            .get(format!("{address}/api/v1/dashboard"))
                            .bearer_auth(&token),
                        _ => client.get(format!("{address}/sign-in")),
                    };
                    let response = request.send().await.expect("the server answers");
                    let status = response.status().as_u16();
                    let what = response.url().path().to_owned();
                    if status == 503 {
                        assert!(response.headers().contains_key(RETRY_AFTER), "{what}");
                        let kind = response.headers()[CONTENT_TYPE].to_str().expect("a type");
                        let expected = if what.starts_with("/api/") {
                            "application/problem+json"
                        } else {
                            "text/html; charset=utf-8"
                        };
                        assert_eq!(kind, expected, "{what}");
                    } else {
                        let body = response.text().await.unwrap_or_default();
                        assert!((200..300).contains(&status), "{what}: {status} {body}");
                    }
                    *answers.lock().expect("answers").entry(status).or_default() += 1;
                }
            })
        })
        .collect();
    for client in clients {
        client
            .await
            .expect("a client found only successes and 503s");
    }
    stop.store(true, Ordering::Relaxed);
    terminator.await.expect("the terminator");
    let answers = answers.lock().expect("answers").clone();
    let served: usize = answers.values().sum();
    assert!(served > 50, "the load got going: {answers:?}");
    assert!(
        terminated.load(Ordering::Relaxed) > 10,
        "connections were ended"
    );
    eprintln!("answers while connections were ended: {answers:?}");

    // Once left alone, the server serves every request again.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let response = app
            .post("/api/v1/people", &secretariat, &json!({"name": "After"}))
            .await;
        if response.status() == 201 {
            break;
        }
        assert_eq!(response.status(), 503);
        assert!(Instant::now() < deadline, "the server did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
