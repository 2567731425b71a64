//! Access tokens: HS256 JWTs naming the principal, its token version and (for users)
//! the session. Only HS256 is accepted; `none` and every other algorithm are refused.

use diesel::prelude::*;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::db::schema::server_secrets;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

pub const ISSUER: &str = "enforcement-platform";
pub const AUDIENCE: &str = "enforcement-api";

/// Claims of an access token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// User or service account id.
    pub sub: String,
    /// `user` or `service`.
    pub kind: String,
    /// Session id (users only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Token version of the account when the token was issued.
    pub tv: i64,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

/// Signing and verification keys.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub fn from_secret(secret: &[u8]) -> JwtKeys {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// The configured secret, or the one kept in the database (created on first use;
    /// when several processes start at once, the first insert wins and all read it).
    pub fn load(conn: &mut DbConnection, configured: Option<&str>) -> Result<JwtKeys, ApiError> {
        if let Some(secret) = configured {
            return Ok(JwtKeys::from_secret(secret.as_bytes()));
        }
        const NAME: &str = "jwt_signing_key";
        let existing: Option<String> = server_secrets::table
            .find(NAME)
            .select(server_secrets::value)
            .first(conn)
            .optional()?;
        let secret = match existing {
            Some(secret) => secret,
            None => {
                let fresh = super::secrets::random_token("").map_err(ApiError::internal)?;
                let inserted = diesel::insert_into(server_secrets::table)
                    .values((
                        server_secrets::name.eq(NAME),
                        server_secrets::value.eq(&fresh),
                        server_secrets::created_at.eq(time::now()),
                    ))
                    .execute(conn);
                match inserted {
                    Ok(_) => fresh,
                    Err(_) => server_secrets::table
                        .find(NAME)
                        .select(server_secrets::value)
                        .first(conn)?,
                }
            }
        };
        Ok(JwtKeys::from_secret(secret.as_bytes()))
    }

    pub fn issue(&self, claims: &Claims) -> Result<String, ApiError> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// Verifies signature, algorithm, issuer, audience and expiry.
    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).map(|data| data.claims)
    }
}
