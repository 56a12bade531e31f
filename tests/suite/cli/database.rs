//! Only `serve`, `migrate` and `demo` create a missing database: every other command,
//! given a URL with a typo, refuses it rather than report on an empty store.

use super::run::{charter, Scratch};
use charter_tests::TestDatabase;
use sqlx::Connection;

/// Whether PostgreSQL has a database called `name`, asked through `beside`'s server.
async fn exists(beside: &TestDatabase, name: &str) -> bool {
    let mut conn = sqlx::PgConnection::connect_with(&beside.options)
        .await
        .expect("connect");
    sqlx::query_scalar("SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&mut conn)
        .await
        .expect("ask")
}

/// Drops the database `name` a command made, through `beside`'s server.
async fn drop_database(beside: &TestDatabase, name: &str) {
    let mut conn = sqlx::PgConnection::connect_with(&beside.options)
        .await
        .expect("connect");
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .expect("drop the database the test made");
}

#[tokio::test]
async fn reading_commands_refuse_a_missing_database_naming_it_and_create_nothing() {
    let database = TestDatabase::create().await;
    let scratch = Scratch::new();
    let missing = format!("{}_typo", database.name);
    let url = database.url().replace(&database.name, &missing);
    let person = uuid::Uuid::now_v7().to_string();
    for args in [
        vec!["audit", "verify"],
        vec!["token", "list", "--person", &person],
        vec!["projections", "status"],
        vec!["token", "revoke", &person],
    ] {
        let ran = charter(&url, &scratch.0, &args);

        // Looked at first, and dropped if made, so that a failure leaves nothing behind.
        let created = exists(&database, &missing).await;
        if created {
            drop_database(&database, &missing).await;
        }
        assert!(!created, "{args:?} created it");
        assert_eq!(ran.code, Some(1), "{args:?}: {ran:?}");
        assert!(
            ran.stderr
                .contains(&format!("the database {missing} does not exist"))
                && ran.stderr.contains("charter migrate"),
            "{args:?}: {}",
            ran.stderr
        );
        assert!(!ran.stdout.contains("intact"), "{}", ran.stdout);
    }
}

#[tokio::test]
async fn migrate_creates_a_missing_database() {
    let database = TestDatabase::create().await;
    let scratch = Scratch::new();
    let missing = format!("{}_new", database.name);
    let url = database.url().replace(&database.name, &missing);

    let ran = charter(&url, &scratch.0, &["migrate"]);

    let created = exists(&database, &missing).await;
    if created {
        drop_database(&database, &missing).await;
    }
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(ran.stdout.contains("migrations applied"), "{ran:?}");
    assert!(created);
}
