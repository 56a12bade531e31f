//! Every byte the database holds, as an attacker with the data files reads it.

use sqlx::PgPool;

/// The raw bytes of every page of every relation of the database (tables, their TOAST
/// tables, indexes, materialized views; the system catalogs too), read with pageinspect:
/// live and dead row versions, and whatever VACUUM left on the page.
pub(super) async fn every_page(pool: &PgPool) -> Vec<u8> {
    let bytes: Vec<u8> = pages_by_relation(pool)
        .await
        .into_iter()
        .flat_map(|(_, pages)| pages)
        .collect();
    assert!(
        bytes.len() > 1_000_000,
        "the catalogs alone fill more pages"
    );
    bytes
}

/// [`every_page`], relation by relation, each named.
pub(super) async fn pages_by_relation(pool: &PgPool) -> Vec<(String, Vec<u8>)> {
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pageinspect")
        .execute(pool)
        .await
        .expect("pageinspect (the tests connect as a superuser)");
    let relations: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.oid::regclass::text, pg_relation_size(c.oid) / current_setting('block_size')::bigint
         FROM pg_class c
         WHERE c.relkind IN ('r', 't', 'i', 'm') AND c.relpersistence = 'p'
           AND pg_relation_size(c.oid) > 0",
    )
    .fetch_all(pool)
    .await
    .expect("relations");
    let mut all = Vec::new();
    for (relation, blocks) in relations {
        let mut bytes = Vec::new();
        let pages: Vec<Vec<u8>> = sqlx::query_scalar(
            "SELECT get_raw_page($1, 'main', b::bigint) FROM generate_series(0, $2 - 1) AS b",
        )
        .bind(&relation)
        .bind(blocks)
        .fetch_all(pool)
        .await
        .unwrap_or_else(|error| panic!("the pages of {relation}: {error}"));
        for page in pages {
            bytes.extend_from_slice(&page);
        }
        all.push((relation, bytes));
    }
    all
}

/// Whether `needle` occurs anywhere in `haystack`.
pub(super) fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
