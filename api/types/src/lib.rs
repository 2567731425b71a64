//! Wire contract of the enforcement capability platform API.
//!
//! Every request and response body of `/api/v1` is defined here, once, and shared by the
//! server (which derives the OpenAPI document from it) and the Yew SPA. This crate must
//! stay free of server dependencies so that it compiles to `wasm32-unknown-unknown`.

#[macro_use]
pub mod text_enum;

pub mod assessment;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod cases;
pub mod catalog;
pub mod contests;
pub mod degrees;
pub mod demonstration;
pub mod disclosure;
pub mod exports;
pub mod health;
pub mod legal_archive;
pub mod notifications;
pub mod page;
pub mod patch;
pub mod period;
pub mod permissions;
pub mod plans;
pub mod problem;
pub mod quizzes;
pub mod roles;
pub mod service_accounts;
pub mod statistics;
pub mod training;
pub mod units;
pub mod users;
pub mod validate;
pub mod webhooks;

pub use page::Page;
pub use permissions::Permission;
pub use problem::{ErrorCode, FieldError, Problem};
pub use roles::Role;

#[cfg(test)]
mod tests {
    /// The OpenAPI document names a schema by its type's name alone, so two wire types
    /// of one name in different modules would silently replace each other in the
    /// contract: every public type of this crate has a name of its own.
    #[test]
    fn no_two_wire_types_share_a_name() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut seen: std::collections::BTreeMap<String, String> = Default::default();
        let mut clashes = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("src")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.sort();
        assert!(files.len() > 10, "read {}", dir.display());
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source");
            for line in text.lines() {
                let line = line.trim_start();
                let Some(rest) = line
                    .strip_prefix("pub struct ")
                    .or_else(|| line.strip_prefix("pub enum "))
                else {
                    continue;
                };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let at = file.file_name().map(|f| f.to_string_lossy().into_owned());
                let at = at.unwrap_or_default();
                if let Some(first) = seen.insert(name.clone(), at.clone()) {
                    clashes.push(format!("{name} in {first} and {at}"));
                }
            }
        }
        assert!(
            seen.contains_key("AssessmentNoticeStatus"),
            "the scan reads the types"
        );
        assert!(clashes.is_empty(), "{clashes:?}");
    }
}
