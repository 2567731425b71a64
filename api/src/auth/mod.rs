//! Authentication and authorisation: passwords, tokens, the permission matrix, the
//! principal of a request, login throttling.

pub mod jwt;
pub mod password;
pub mod policy;
pub mod principal;
pub mod secrets;
pub mod throttle;

pub use policy::{Permission, Scope};
pub use principal::{perm, Actor, Authorized, Principal, PrincipalKind};
