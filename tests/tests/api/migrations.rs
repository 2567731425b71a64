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
