//! Sessions and their rotating refresh tokens.
//!
//! A session is one sign-in. Each refresh token can be used once; using it yields a new
//! one in the same session. Presenting a token that was already used means it leaked
//! (or a client misbehaved): the whole session is ended.

use api_types::auth::TokenPair;
use chrono::Duration;
use diesel::prelude::*;

use crate::auth::jwt::{Claims, JwtKeys, AUDIENCE, ISSUER};
use crate::auth::secrets::{random_token, sha256_hex};
use crate::config::Config;
use crate::db::schema::{refresh_tokens, sessions};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;

fn secs(d: std::time::Duration) -> Duration {
    Duration::seconds(i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 2))
}

/// Issues an access token for a user's session.
pub fn access_token(
    keys: &JwtKeys,
    config: &Config,
    user_id: &str,
    session_id: &str,
    token_version: i64,
) -> Result<String, ApiError> {
    let now = chrono::Utc::now().timestamp();
    let ttl = i64::try_from(config.access_token_ttl.as_secs()).unwrap_or(900);
    keys.issue(&Claims {
        sub: user_id.to_string(),
        kind: "user".into(),
        sid: Some(session_id.to_string()),
        tv: token_version,
        iat: now,
        exp: now + ttl,
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
    })
}

/// Stores a new refresh token for `session_id`; returns the token itself.
fn new_refresh_token(
    conn: &mut DbConnection,
    config: &Config,
    session_id: &str,
) -> Result<String, ApiError> {
    let token = random_token("rt_").map_err(ApiError::internal)?;
    let now = time::now();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(time::new_id()),
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::token_hash.eq(sha256_hex(&token)),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(now + secs(config.refresh_token_ttl)),
        ))
        .execute(conn)?;
    Ok(token)
}

fn pair(
    keys: &JwtKeys,
    config: &Config,
    user_id: &str,
    session_id: &str,
    tv: i64,
    refresh: String,
) -> Result<TokenPair, ApiError> {
    Ok(TokenPair {
        access_token: access_token(keys, config, user_id, session_id, tv)?,
        token_type: "Bearer".into(),
        expires_in: config.access_token_ttl.as_secs(),
        refresh_token: refresh,
        refresh_expires_in: config.refresh_token_ttl.as_secs(),
    })
}

/// Starts a session for a user who just proved who they are.
pub fn start(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    config: &Config,
    user_id: &str,
    token_version: i64,
    client_addr: &str,
    user_agent: Option<&str>,
) -> Result<(String, TokenPair), ApiError> {
    let session_id = time::new_id();
    let now = time::now();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&session_id),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(now + secs(config.session_max)),
            sessions::client_addr.eq(client_addr),
            sessions::user_agent.eq(user_agent.map(|u| u.chars().take(200).collect::<String>())),
        ))
        .execute(conn)?;
    let refresh = new_refresh_token(conn, config, &session_id)?;
    let tokens = pair(keys, config, user_id, &session_id, token_version, refresh)?;
    Ok((session_id, tokens))
}

/// What presenting a refresh token leads to.
pub enum Refreshed {
    /// A new pair; the presented token is now used.
    Rotated {
        user_id: String,
        session_id: String,
        tokens: TokenPair,
    },
    /// The token had been used before: the session was ended.
    ReuseDetected { user_id: String, session_id: String },
    /// Unknown, expired or revoked.
    Invalid,
}

/// A presented refresh token with its session.
#[derive(Queryable, Selectable)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct PresentedToken {
    #[diesel(select_expression = refresh_tokens::id)]
    token_id: String,
    #[diesel(select_expression = refresh_tokens::expires_at)]
    token_expires: chrono::NaiveDateTime,
    #[diesel(select_expression = refresh_tokens::used_at)]
    used_at: Option<chrono::NaiveDateTime>,
    #[diesel(select_expression = sessions::id)]
    session_id: String,
    #[diesel(select_expression = sessions::user_id)]
    user_id: String,
    #[diesel(select_expression = sessions::expires_at)]
    session_expires: chrono::NaiveDateTime,
    #[diesel(select_expression = sessions::revoked_at)]
    revoked_at: Option<chrono::NaiveDateTime>,
}

/// Rotates a refresh token (see the module documentation). `token_version` gives the
/// current token version of the session's user, or `None` if the user may not sign in.
pub fn rotate(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    config: &Config,
    presented: &str,
    token_version: impl Fn(&mut DbConnection, &str) -> Result<Option<i64>, ApiError>,
) -> Result<Refreshed, ApiError> {
    let now = time::now();
    let found: Option<PresentedToken> = refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(sha256_hex(presented)))
        .select(PresentedToken::as_select())
        .first(conn)
        .optional()?;
    let Some(PresentedToken {
        token_id,
        token_expires,
        used_at,
        session_id,
        user_id,
        session_expires,
        revoked_at,
    }) = found
    else {
        return Ok(Refreshed::Invalid);
    };
    if revoked_at.is_some() {
        return Ok(Refreshed::Invalid);
    }
    // Claim the token; zero rows means it was used before (possibly just now, by a
    // concurrent request).
    let claimed = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(&token_id))
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)?;
    if used_at.is_some() || claimed == 0 {
        revoke(conn, &session_id, "refresh_token_reuse")?;
        return Ok(Refreshed::ReuseDetected {
            user_id,
            session_id,
        });
    }
    if token_expires <= now || session_expires <= now {
        return Ok(Refreshed::Invalid);
    }
    let Some(tv) = token_version(conn, &user_id)? else {
        revoke(conn, &session_id, "account_disabled")?;
        return Ok(Refreshed::Invalid);
    };
    let refresh = new_refresh_token(conn, config, &session_id)?;
    let tokens = pair(keys, config, &user_id, &session_id, tv, refresh)?;
    Ok(Refreshed::Rotated {
        user_id,
        session_id,
        tokens,
    })
}

/// Ends one session (idempotent).
pub fn revoke(conn: &mut DbConnection, session_id: &str, reason: &str) -> Result<bool, ApiError> {
    let rows = diesel::update(
        sessions::table
            .filter(sessions::id.eq(session_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(time::now()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(rows > 0)
}

/// Ends every session of a user, except `keep`.
pub fn revoke_user_sessions(
    conn: &mut DbConnection,
    user_id: &str,
    keep: Option<&str>,
    reason: &str,
) -> Result<usize, ApiError> {
    let mut q = diesel::update(sessions::table)
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .into_boxed();
    if let Some(keep) = keep {
        q = q.filter(sessions::id.ne(keep));
    }
    Ok(q.set((
        sessions::revoked_at.eq(time::now()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)?)
}

/// The open (not revoked, not expired) sessions of `user_id`, newest first; `current`
/// marks the one of this request.
pub fn open_sessions(
    conn: &mut DbConnection,
    user_id: &str,
    current: Option<&str>,
) -> Result<Vec<api_types::auth::SessionInfo>, ApiError> {
    type Row = (
        String,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(time::now()))
        .order((sessions::created_at.desc(), sessions::id.desc()))
        .limit(100)
        .select((
            sessions::id,
            sessions::created_at,
            sessions::expires_at,
            sessions::client_addr,
            sessions::user_agent,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, created, expires, addr, agent)| api_types::auth::SessionInfo {
                created_at: time::to_utc(created),
                expires_at: time::to_utc(expires),
                client_addr: addr,
                user_agent: agent,
                current: current == Some(id.as_str()),
            },
        )
        .collect())
}

/// The session a refresh token belongs to, if the token is known.
pub fn session_of(
    conn: &mut DbConnection,
    presented: &str,
) -> Result<Option<(String, String)>, ApiError> {
    Ok(refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(sha256_hex(presented)))
        .select((sessions::id, sessions::user_id))
        .first(conn)
        .optional()?)
}
