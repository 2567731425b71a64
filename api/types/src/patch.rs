//! Helpers for PATCH bodies: a field that is absent is left alone, a field that is
//! `null` is cleared, a field with a value is set.

use serde::{Deserialize, Deserializer};

/// Use with `#[serde(default, deserialize_with = "crate::patch::nullable")]` on an
/// `Option<Option<T>>` field.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
