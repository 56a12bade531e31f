//! A forger who also rewrites the log: the stored leaves then agree with the forged
//! events, but not with the root a checkpoint signed, and the check says where they part.

use super::support::{checkpoint, forge, leaf_of, named, position_of, rehash, seeded, verify};
use crate::api::steps::submit;
use charter_store::event_row::{EventRow, EVENT_COLUMNS};
use charter_store::history::audit::Difference;
use charter_store::history::log::extend;
use charter_store::history::EventLeaf;

#[tokio::test]
async fn a_rewrite_laundered_into_a_rebuilt_log_is_placed_between_two_checkpoints() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (first, first_file) = checkpoint(app).await;
    submit(app, &seeded.applicant, "feasibility_study", "the study").await;
    let (second, second_file) = checkpoint(app).await;
    let study: i64 = sqlx::query_scalar(
        "SELECT global_position FROM events
         WHERE event_type = 'DocumentSubmitted' ORDER BY global_position DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .expect("the study's event");
    let leaf = leaf_of(app, study).await;
    // The study's file name changed and rehashed; then the whole log recomputed over the
    // forged store, as the server would have written it.
    let mut statements = vec![format!(
        "UPDATE events SET payload = replace(payload::text, 'study', 'forged')::json
         WHERE global_position = {study}"
    )];
    statements.extend(rehash(study));
    statements.push("DELETE FROM merkle_nodes".to_owned());
    statements.push("DELETE FROM merkle_leaves".to_owned());
    forge(app, &statements).await;
    extend(&app.pool).await.expect("the log rebuilt");

    let report = verify(app, &[&first_file, &second_file]).await;
    assert!(
        report.chains.intact,
        "the chains alone are fooled: {report}"
    );
    let Difference::RootMismatch {
        tree_size, between, ..
    } = named(&report)
    else {
        panic!("not named a root mismatch: {report}");
    };
    assert_eq!(*tree_size, second.tree_size);
    assert_eq!(report.log.contained, vec![first.tree_size]);
    assert!(
        between.start >= first.tree_size && between.end <= second.tree_size,
        "{between:?} lies after the first checkpoint"
    );
    assert!(between.contains(&leaf), "{between:?} holds leaf {leaf}");
    seeded.app.stop().await;
}

#[tokio::test]
async fn a_rewritten_leaf_with_the_tree_above_it_left_alone_is_narrowed_down_to_it() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (signed, file) = checkpoint(app).await;
    let closed = position_of(app, "VoteClosed").await;
    let leaf = leaf_of(app, closed).await;
    let mut statements = vec![format!(
        "UPDATE events SET payload = replace(payload::text, '\"outcome\":\"failed\"',
                                             '\"outcome\":\"passed\"')::json
         WHERE global_position = {closed}"
    )];
    statements.extend(rehash(closed));
    forge(app, &statements).await;
    // The forger recomputes the leaf as the server would, and puts it in the log.
    let row: EventRow = sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE global_position = $1"
    ))
    .bind(closed)
    .fetch_one(&app.pool)
    .await
    .expect("the forged event");
    let forged = hex::encode(EventLeaf::of(&row, None).hash());
    forge(
        app,
        &[format!(
            "UPDATE merkle_leaves SET leaf_hash = '\\x{forged}' WHERE global_position = {closed}"
        )],
    )
    .await;

    let report = verify(app, &[&file]).await;
    assert!(
        report.chains.intact,
        "the chains alone are fooled: {report}"
    );
    let Difference::RootMismatch {
        tree_size, between, ..
    } = named(&report)
    else {
        panic!("not named a root mismatch: {report}");
    };
    assert_eq!(*tree_size, signed.tree_size);
    assert!(
        between.contains(&leaf) && between.end - between.start <= 2,
        "{between:?} narrowed down to leaf {leaf} and its sibling at most"
    );
    seeded.app.stop().await;
}
