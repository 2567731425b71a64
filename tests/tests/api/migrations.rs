//! Migrations go up, down and up again on the test backend.

use diesel::connection::SimpleConnection;
use enforcement_tests::TestDb;

#[test]
fn migrations_go_up_down_and_up_again() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let applied = api::db::run_migrations(&mut conn).unwrap();
    assert!(!applied.is_empty());
    assert_eq!(api::db::applied_migrations(&mut conn).unwrap(), {
        let mut sorted = applied.clone();
        sorted.sort();
        sorted
    });
    assert!(
        api::db::run_migrations(&mut conn).unwrap().is_empty(),
        "second run applies nothing"
    );
    api::resources::units::seed::seed_reference_units(&mut conn).unwrap();

    let reverted = api::db::revert_all_migrations(&mut conn).unwrap();
    assert_eq!(reverted.len(), applied.len());
    assert!(api::db::applied_migrations(&mut conn).unwrap().is_empty());
    assert!(
        conn.batch_execute("SELECT 1 FROM units").is_err(),
        "units table must be gone"
    );

    let again = api::db::run_migrations(&mut conn).unwrap();
    assert_eq!(again.len(), applied.len());
    let seeded = api::resources::units::seed::seed_reference_units(&mut conn).unwrap();
    assert_eq!(seeded.len(), 10);
}

/// SQLite connections acknowledge a commit only once it is on disk, unless the
/// deployment chose `SQLITE_SYNCHRONOUS=normal`.
#[test]
fn sqlite_commits_are_synchronous_full_by_default() {
    use diesel::prelude::*;
    use diesel::sql_types::Integer;
    let db = TestDb::new();
    let Some(path) = db.database_url().sqlite_path() else {
        return; // PostgreSQL: durable commits are its own default.
    };
    let level = |synchronous| {
        let url = api::db::DatabaseUrl::sqlite(&path).with_synchronous(synchronous);
        let api::db::DbConnection::Sqlite(mut conn) =
            url.connect(std::time::Duration::from_secs(5)).unwrap()
        else {
            unreachable!("a SQLite URL");
        };
        diesel::select(diesel::dsl::sql::<Integer>(
            "(SELECT synchronous FROM pragma_synchronous())",
        ))
        .get_result::<i32>(&mut conn)
        .unwrap()
    };
    let default = api::Config::from_lookup(|_| None).unwrap();
    assert_eq!(level(default.database_url.synchronous()), 2, "FULL");
    assert_eq!(level(api::db::SqliteSynchronous::Normal), 1, "NORMAL");
}
