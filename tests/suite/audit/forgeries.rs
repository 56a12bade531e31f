//! Each forgery that the per-aggregate chains let through, made on a real database after
//! a checkpoint was taken, and named by `charter audit verify --checkpoint`.

use super::support::{
    checkpoint, forge, leaf_of, name_of, named, position_of, rehash, reset_heads, seeded, verify,
};
use crate::api::steps::submit;
use charter_store::history::audit::Difference;

#[tokio::test]
async fn a_failed_vote_rewritten_as_passed_and_rehashed_is_named() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (_, file) = checkpoint(app).await;
    let closed = position_of(app, "VoteClosed").await;
    let mut statements = vec![format!(
        "UPDATE events SET payload = replace(payload::text, '\"outcome\":\"failed\"',
                                             '\"outcome\":\"passed\"')::json
         WHERE global_position = {closed} AND payload::text LIKE '%\"outcome\":\"failed\"%'"
    )];
    statements.extend(rehash(closed));
    forge(app, &statements).await;
    let passed: bool = sqlx::query_scalar(
        "SELECT payload::text LIKE '%\"outcome\":\"passed\"%' FROM events WHERE global_position = $1",
    )
    .bind(closed)
    .fetch_one(&app.pool)
    .await
    .expect("the forged event");
    assert!(passed, "the vote now says it passed");

    let report = verify(app, &[&file]).await;
    assert!(
        report.chains.intact,
        "the chains alone are fooled: {report}"
    );
    assert_eq!(
        named(&report),
        &Difference::Rewritten {
            leaf_index: leaf_of(app, closed).await,
            event: name_of(app, closed).await,
        }
    );
    seeded.app.stop().await;
}

#[tokio::test]
async fn the_last_events_of_a_stream_cut_with_its_head_moved_back_are_named() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (_, file) = checkpoint(app).await;
    let last_two: Vec<i64> = sqlx::query_scalar(
        "SELECT global_position FROM events WHERE aggregate_id = $1 ORDER BY sequence DESC LIMIT 2",
    )
    .bind(&seeded.application)
    .fetch_all(&app.pool)
    .await
    .expect("the stream's last events");
    let mut first_cut = (u64::MAX, 0);
    for &position in &last_two {
        first_cut = first_cut.min((leaf_of(app, position).await, position));
    }
    forge(
        app,
        &[
            format!(
                "DELETE FROM events WHERE global_position IN ({}, {})",
                last_two[0], last_two[1]
            ),
            reset_heads(),
        ],
    )
    .await;

    let report = verify(app, &[&file]).await;
    assert!(
        report.chains.intact,
        "the chains alone are fooled: {report}"
    );
    assert_eq!(
        named(&report),
        &Difference::Deleted {
            leaf_index: first_cut.0,
            global_position: first_cut.1,
        }
    );
    seeded.app.stop().await;
}

#[tokio::test]
async fn a_whole_stream_deleted_is_named() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (_, file) = checkpoint(app).await;
    let first: i64 = sqlx::query_scalar(
        "SELECT l.global_position FROM merkle_leaves l JOIN events e USING (global_position)
         WHERE e.aggregate_id = $1 ORDER BY l.leaf_index LIMIT 1",
    )
    .bind(&seeded.vote)
    .fetch_one(&app.pool)
    .await
    .expect("the vote's first event");
    let leaf = leaf_of(app, first).await;
    forge(
        app,
        &[
            format!("DELETE FROM events WHERE aggregate_id = '{}'", seeded.vote),
            reset_heads(),
        ],
    )
    .await;

    let report = verify(app, &[&file]).await;
    assert!(
        report.chains.intact,
        "the chains alone are fooled: {report}"
    );
    assert_eq!(
        named(&report),
        &Difference::Deleted {
            leaf_index: leaf,
            global_position: first,
        }
    );
    seeded.app.stop().await;
}

#[tokio::test]
async fn a_fake_stream_inserted_into_the_past_is_named() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (_, file) = checkpoint(app).await;
    // Two events of an application that never was, given the places of the earliest
    // transaction, each chained by the trigger as the forger inserts it.
    let insert = |sequence: i64, position: i64| {
        format!(
            "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type,
                                 event_version, payload, metadata, global_position, tx_id,
                                 recorded_at)
             OVERRIDING SYSTEM VALUE
             VALUES ('Application', 'invented', {sequence}, 'EligibilityGranted', '1.0',
                     '{{\"EligibilityGranted\":{{\"note\":null}}}}', '{{}}', {position},
                     '3'::xid8, '2020-01-01T00:00:00Z')"
        )
    };
    forge(app, &[insert(1, -2), insert(2, -1)]).await;

    let report = verify(app, &[&file]).await;
    assert!(
        report.chains.intact,
        "the chains alone are fooled: {report}"
    );
    assert_eq!(
        named(&report),
        &Difference::NotInLog {
            event: "Application invented #1 (position -2)".to_owned(),
        }
    );
    seeded.app.stop().await;
}

#[tokio::test]
async fn an_event_appended_after_a_checkpoint_is_named_only_when_back_dated() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (signed, file) = checkpoint(app).await;
    // A plain INSERT: the trigger chains it to the stream, as it would a genuine event.
    let append = |recorded_at: &str| {
        format!(
            "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type,
                                 event_version, payload, metadata, recorded_at)
             SELECT aggregate_type, aggregate_id, sequence + 1, event_type, event_version,
                    payload, metadata, {recorded_at}
             FROM events WHERE aggregate_id = '{}' ORDER BY sequence DESC LIMIT 1
             RETURNING global_position",
            seeded.application
        )
    };
    sqlx::query(&append("clock_timestamp()"))
        .execute(&app.pool)
        .await
        .expect("append");
    // Dated now, it looks like any event written since the checkpoint: the limit of
    // checkpoints (docs/audit.md).
    let report = verify(app, &[&file]).await;
    assert!(report.intact(), "{report}");

    let back_dated: i64 = sqlx::query_scalar(&append("now() - interval '30 days'"))
        .fetch_one(&app.pool)
        .await
        .expect("append");
    let report = verify(app, &[&file]).await;
    assert!(
        report.chains.intact,
        "the chains alone are fooled: {report}"
    );
    let Difference::BackDated {
        event, tree_size, ..
    } = named(&report)
    else {
        panic!("not named back-dated: {report}");
    };
    assert_eq!(event, &name_of(app, back_dated).await);
    assert_eq!(*tree_size, signed.tree_size);
    seeded.app.stop().await;
}

#[tokio::test]
async fn swapped_document_bytes_are_named() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (_, file) = checkpoint(app).await;
    let sha256: String = sqlx::query_scalar("SELECT sha256 FROM document_blobs")
        .fetch_one(&app.pool)
        .await
        .expect("the document");
    sqlx::query(
        "UPDATE document_blobs SET content = set_byte(content, 0, get_byte(content, 0) # 1)
         WHERE sha256 = $1",
    )
    .bind(&sha256)
    .execute(&app.pool)
    .await
    .expect("swap the bytes");
    let submitted = position_of(app, "DocumentSubmitted").await;

    let report = verify(app, &[&file]).await;
    assert!(
        report.chains.intact,
        "the chains do not cover the bytes: {report}"
    );
    let Difference::DocumentBytes {
        event,
        sha256: named_sha256,
        found,
    } = named(&report)
    else {
        panic!("not named as swapped bytes: {report}");
    };
    assert_eq!(event, &name_of(app, submitted).await);
    assert_eq!(named_sha256, &sha256);
    assert_ne!(found, &sha256);
    seeded.app.stop().await;
}

#[tokio::test]
async fn an_edited_transaction_id_is_named() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (_, file) = checkpoint(app).await;
    let submitted = position_of(app, "DocumentSubmitted").await;
    forge(
        app,
        &[format!(
            "UPDATE events SET tx_id = (tx_id::text::bigint + 1000000)::text::xid8
             WHERE global_position = {submitted}"
        )],
    )
    .await;

    let report = verify(app, &[&file]).await;
    assert!(
        report.chains.intact,
        "the chains do not cover tx_id: {report}"
    );
    let Difference::Reordered {
        leaf_index, logged, ..
    } = named(&report)
    else {
        panic!("not named reordered: {report}");
    };
    assert_eq!(*leaf_index, leaf_of(app, submitted).await);
    assert_eq!(logged, &name_of(app, submitted).await);
    seeded.app.stop().await;
}

#[tokio::test]
async fn a_replaced_event_hash_function_is_caught() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (_, file) = checkpoint(app).await;
    // The forger's event_hash() answers every stored row with the hash it carries (so
    // that a check asking the database finds every link intact) and chains new rows as
    // before; then a vote's outcome is edited, its hash left as it was.
    let closed = position_of(app, "VoteClosed").await;
    forge(
        app,
        &[
            "CREATE OR REPLACE FUNCTION event_hash(previous bytea, aggregate_type text,
                 aggregate_id text, sequence bigint, event_type text, event_version text,
                 payload json, metadata json, global_position bigint, event_id uuid,
                 recorded_at timestamptz) RETURNS bytea LANGUAGE sql STABLE AS
             $$ SELECT coalesce(
                    (SELECT e.hash FROM events e WHERE e.global_position = $9),
                    sha256(coalesce(previous, ''::bytea) || convert_to(jsonb_build_array(
                        aggregate_type, aggregate_id, sequence, event_type, event_version,
                        payload::text, metadata::text, global_position, event_id::text,
                        (extract(epoch FROM recorded_at) * 1000000)::bigint)::text, 'UTF8'))) $$"
                .to_owned(),
            format!(
                "UPDATE events SET payload = replace(payload::text, '\"outcome\":\"failed\"',
                                                     '\"outcome\":\"passed\"')::json
                 WHERE global_position = {closed}"
            ),
        ],
    )
    .await;
    let fooled: bool = sqlx::query_scalar(
        "SELECT bool_and(intact) FROM (
             SELECT hash = event_hash(lag(hash) OVER w, aggregate_type, aggregate_id, sequence,
                                      event_type, event_version, payload, metadata,
                                      global_position, event_id, recorded_at) AS intact
             FROM events
             WINDOW w AS (PARTITION BY aggregate_type, aggregate_id ORDER BY sequence)) links",
    )
    .fetch_one(&app.pool)
    .await
    .expect("a check in SQL");
    assert!(
        fooled,
        "a check that asks the database finds every link intact"
    );
    // Appends still work, chained by the forger's function.
    submit(
        app,
        &seeded.applicant,
        "preliminary_report",
        "after the forgery",
    )
    .await;

    let report = verify(app, &[&file]).await;
    let broken = report.chains.first_broken.as_ref().expect("a broken link");
    assert_eq!(
        (broken.problem.as_str(), broken.global_position),
        ("altered", Some(closed)),
        "the chains, recomputed in Rust, are not fooled: {report}"
    );
    assert_eq!(
        named(&report),
        &Difference::Rewritten {
            leaf_index: leaf_of(app, closed).await,
            event: name_of(app, closed).await,
        }
    );
    seeded.app.stop().await;
}
