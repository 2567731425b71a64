//! Table definitions shared by both backends (hand-written: the same Rust schema must
//! describe the SQLite and the PostgreSQL migrations, which use only shared types).

diesel::table! {
    units (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        name_en -> Nullable<Text>,
        kind -> Text,
        parent_id -> Nullable<Text>,
        active -> Bool,
        sort_order -> Integer,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
