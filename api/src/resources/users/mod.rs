//! User accounts (`/api/v1/users`): staff of every unit with their roles. Passwords are
//! argon2id hashes and never leave the server; disabling an account or resetting its
//! password ends its sessions at once.

mod export;
mod handlers;
pub mod list;
pub mod model;

pub use export::Export;
pub use handlers::configure;
pub use model::{create_user, UserRow};
