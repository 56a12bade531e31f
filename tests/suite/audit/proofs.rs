//! What a committee member checks from the API with nothing but the public key and the
//! pure verifier: the checkpoints' signatures, an event's inclusion, two checkpoints'
//! consistency.

use super::support::{checkpoint, position_of, seeded};
use crate::api::steps::{ok, submit};
use charter_domain::Role;
use charter_store::history::{Checkpoint, EventLeaf, PublicKey};
use charter_store::merkle::{verify, Hash};
use serde_json::Value;

fn hashes(list: &Value) -> Vec<Hash> {
    list.as_array()
        .expect("a list of hashes")
        .iter()
        .map(|hash| {
            hex::decode(hash.as_str().expect("hexadecimal"))
                .expect("hexadecimal")
                .try_into()
                .expect("32 bytes")
        })
        .collect()
}

#[tokio::test]
async fn a_committee_member_checks_proofs_with_nothing_but_the_public_key() {
    let seeded = seeded().await;
    let app = &seeded.app;
    let (earlier, _) = checkpoint(app).await;
    submit(
        app,
        &seeded.applicant,
        "preliminary_report",
        "a later version",
    )
    .await;
    checkpoint(app).await;
    let member = &seeded.secretariat;

    let key = ok(
        app.get("/api/v1/audit/public-key", member).await,
        200,
        "the key",
    )
    .await;
    assert_eq!(key["algorithm"], "Ed25519");
    let key = PublicKey::from_hex(key["public_key"].as_str().expect("hex")).expect("a key");
    let latest: Checkpoint = serde_json::from_value(
        ok(
            app.get("/api/v1/audit/checkpoints/latest", member).await,
            200,
            "latest",
        )
        .await,
    )
    .expect("a checkpoint");
    latest
        .verify(&key)
        .expect("the latest checkpoint is signed by the key");
    earlier.verify(&key).expect("the earlier one too");
    let (root, earlier_root) = (latest.root().expect("root"), earlier.root().expect("root"));

    // The vote's outcome is in the latest tree: its leaf, recomputed from the fields the
    // proof hands out, and the path lead to the signed root.
    let closed = position_of(app, "VoteClosed").await;
    let proof = ok(
        app.get(
            &format!(
                "/api/v1/audit/proofs/inclusion?global_position={closed}&tree_size={}",
                latest.tree_size
            ),
            member,
        )
        .await,
        200,
        "an inclusion proof",
    )
    .await;
    let event: EventLeaf = serde_json::from_value(proof["event"].clone()).expect("the leaf");
    assert_eq!(event.global_position, closed);
    assert!(event.payload.contains("\"outcome\":\"failed\""));
    let index = proof["leaf_index"].as_u64().expect("an index");
    let path = hashes(&proof["inclusion_path"]);
    assert!(verify::inclusion(
        index,
        latest.tree_size,
        &event.hash(),
        &path,
        &root
    ));
    assert_eq!(proof["leaf_hash"], hex::encode(event.hash()));
    // The same event said to have passed does not verify.
    let forged = EventLeaf {
        payload: event.payload.replace("\"failed\"", "\"passed\""),
        ..event.clone()
    };
    assert!(!verify::inclusion(
        index,
        latest.tree_size,
        &forged.hash(),
        &path,
        &root
    ));
    // By leaf index, and against the latest checkpoint when no size is given.
    let same = ok(
        app.get(
            &format!("/api/v1/audit/proofs/inclusion?leaf_index={index}"),
            member,
        )
        .await,
        200,
        "an inclusion proof by leaf",
    )
    .await;
    assert_eq!(same["inclusion_path"], proof["inclusion_path"]);

    // The earlier checkpoint's tree is a prefix of the latest's.
    let consistency = ok(
        app.get(
            &format!(
                "/api/v1/audit/proofs/consistency?first={}&second={}",
                earlier.tree_size, latest.tree_size
            ),
            member,
        )
        .await,
        200,
        "a consistency proof",
    )
    .await;
    let path = hashes(&consistency["consistency_path"]);
    assert!(verify::consistency(
        earlier.tree_size,
        latest.tree_size,
        &earlier_root,
        &root,
        &path
    ));
    assert!(!verify::consistency(
        earlier.tree_size,
        latest.tree_size,
        &root,
        &root,
        &path
    ));

    // Trees the log does not hold yet, and callers who may not audit, are refused.
    let beyond = app
        .get(
            &format!(
                "/api/v1/audit/proofs/consistency?first=1&second={}",
                latest.tree_size + 1000
            ),
            member,
        )
        .await;
    assert_eq!(beyond.status(), 404);
    let both = app
        .get(
            "/api/v1/audit/proofs/inclusion?leaf_index=0&global_position=1",
            member,
        )
        .await;
    assert_eq!(both.status(), 400);
    let applicant = app
        .get("/api/v1/audit/checkpoints/latest", &seeded.applicant)
        .await;
    assert_eq!(applicant.status(), 403);
    let panelist = app.caller(Role::Panelist, "Pat Panelist").await;
    let response = app.get("/api/v1/audit/public-key", &panelist).await;
    assert_eq!(response.status(), 403);
    seeded.app.stop().await;
}

#[tokio::test]
async fn a_ballot_of_a_secret_vote_still_open_has_no_proof_until_the_close() {
    let app = charter_tests::spawn_app().await;
    let crate::api::steps::AppealVote {
        secretariat,
        members,
        vote,
        ..
    } = crate::api::steps::appeal_vote(&app, "Braga").await;
    crate::api::steps::cast(
        &app,
        &members[0],
        &vote,
        serde_json::json!({"choice": "no"}),
    )
    .await;
    checkpoint(&app).await;
    let ballot = position_of(&app, "BallotCast").await;
    let path = format!("/api/v1/audit/proofs/inclusion?global_position={ballot}");
    let refused = app.get(&path, &members[1]).await;
    assert_eq!(refused.status(), 403, "the proof would name who voted");
    for member in &members[1..] {
        crate::api::steps::cast(&app, member, &vote, serde_json::json!({"choice": "yes"})).await;
    }
    crate::api::steps::close(&app, &secretariat, &vote).await;
    checkpoint(&app).await;
    let given = app.get(&path, &members[1]).await;
    assert_eq!(given.status(), 200, "once closed, its proof is given");
    app.stop().await;
}
