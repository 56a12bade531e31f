//! The chains recomputed in Rust give, byte for byte, what the database's `event_hash()`
//! gives, for events with every kind of character jsonb escapes or keeps.

use charter_store::event_row::{EventRow, EVENT_COLUMNS};
use charter_store::integrity::{self, chain};
use charter_tests::{init_logs, TestDatabase};

/// Strings that exercise jsonb's string rendering: quotes, backslashes, every control
/// character, non-ASCII letters, a character outside the BMP, and JSON's own escapes.
fn awkward(n: usize) -> String {
    let pieces = [
        "plain",
        "\"quoted\"",
        "back\\slash",
        "tab\there",
        "line\nfeed",
        "cr\rlf",
        "bell\u{7}",
        "\u{1}\u{1f}\u{8}\u{c}",
        "ç ğ ı ş ö ü",
        "İstanbul",
        "😀 emoji",
        "\u{7f}del",
        "\u{2028}sep",
        "\\u0000 as text",
        "/ solidus",
    ];
    let mut text = String::new();
    for i in 0..=(n % 4) {
        text.push_str(pieces[(n * 7 + i * 3) % pieces.len()]);
    }
    text
}

#[tokio::test]
async fn the_rust_chain_hash_is_the_databases_for_awkward_events() {
    init_logs();
    let database = TestDatabase::create().await;
    let pool = database.pool(2).await;
    charter_store::db::migrate(&pool).await.expect("migrate");
    for n in 0..300usize {
        // Seventeen streams, each of its own awkward type and id.
        let (aggregate_type, aggregate_id) = (
            awkward(n % 17 + 3),
            format!("stream-{}-{}", n % 17, awkward(n % 17 + 1)),
        );
        let sequence: i64 = sqlx::query_scalar(
            "SELECT coalesce(max(sequence), 0) + 1 FROM events WHERE aggregate_id = $1",
        )
        .bind(&aggregate_id)
        .fetch_one(&pool)
        .await
        .expect("the next sequence");
        // JSON as a client might write it: odd spacing, escapes kept as written.
        let payload = format!(
            "{{ \"Note\" :{{\"text\": {}, \"raw\": \"\\u00e9\\n\\\"\"}} }}",
            serde_json::to_string(&awkward(n)).expect("JSON")
        );
        let metadata = serde_json::json!({"actor": awkward(n + 2), "n": n}).to_string();
        // Times before 1970, with and without a fraction of a second.
        let recorded_at = format!(
            "{}-0{}-1{}T0{}:00:00.{:06}Z",
            1960 + n % 90,
            1 + n % 9,
            n % 10,
            n % 10,
            n * 7919 % 1_000_000
        );
        sqlx::query(
            "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type,
                                 event_version, payload, metadata, recorded_at)
             VALUES ($1, $2, $3, $4, '1.0', $5::json, $6::json, $7::timestamptz)",
        )
        .bind(&aggregate_type)
        .bind(&aggregate_id)
        .bind(sequence)
        .bind(awkward(n + 5))
        .bind(&payload)
        .bind(&metadata)
        .bind(&recorded_at)
        .execute(&pool)
        .await
        .expect("insert an awkward event");
    }
    let rows: Vec<EventRow> = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events ORDER BY global_position"
    ))
    .fetch_all(&pool)
    .await
    .expect("the events");
    let rendered: Vec<String> = sqlx::query_scalar(
        "SELECT jsonb_build_array(aggregate_type, aggregate_id, sequence, event_type,
                    event_version, payload::text, metadata::text, global_position,
                    event_id::text, (extract(epoch FROM recorded_at) * 1000000)::bigint)::text
         FROM events ORDER BY global_position",
    )
    .fetch_all(&pool)
    .await
    .expect("the database's rendering");
    assert_eq!(rows.len(), 300);
    for (row, expected) in rows.iter().zip(&rendered) {
        assert_eq!(&chain::rendered(row), expected);
    }
    let verification = integrity::verify(&pool).await.expect("verify");
    assert!(verification.intact, "{verification:?}");
    assert_eq!(verification.events, 300);
    pool.close().await;
}
