//! Who is calling: the bearer token checked against the database on every request
//! (so a disabled account, a revoked session or a rotated secret stops working at once),
//! and the typed permission extractor handlers declare.

use std::collections::HashSet;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use api_types::{ErrorCode, Role};
use diesel::prelude::*;
use uuid::Uuid;

use super::policy::{policy, subtree, Permission, Scope};
use crate::db::schema::{service_accounts, sessions, users};
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::middleware::RequestId;
use crate::state::AppState;
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    User,
    ServiceAccount,
}

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Principal {
    pub id: Uuid,
    pub kind: PrincipalKind,
    pub login: String,
    pub name: String,
    pub unit_id: Uuid,
    pub roles: Vec<Role>,
    /// Permissions granted to a service account (empty for users).
    pub grants: Vec<String>,
    /// The sign-in session (users only).
    pub session_id: Option<String>,
    /// Signed in with a temporary password (users only): see [`PASSWORD_CHANGE_PATHS`].
    pub must_change_password: bool,
}

/// What a user holding a temporary password may still call: who they are, setting
/// their own password, signing out.
pub const PASSWORD_CHANGE_PATHS: &[&str] =
    &["/api/v1/me", "/api/v1/me/password", "/api/v1/auth/logout"];

impl Principal {
    /// The widest scope the principal has for `permission`, if any. Service accounts
    /// need the permission among their grants as well.
    pub fn scope(&self, permission: Permission) -> Option<Scope> {
        if self.kind == PrincipalKind::ServiceAccount
            && !self.grants.iter().any(|g| g == permission.as_str())
        {
            return None;
        }
        policy().scope(permission, &self.roles)
    }

    pub fn require(&self, permission: Permission) -> Result<Scope, ApiError> {
        self.scope(permission).ok_or_else(|| forbidden(permission))
    }

    /// Checks that the principal may use `permission` in every unit (for acts that are
    /// not about one unit's data, such as creating the city bureau).
    pub fn require_everywhere(&self, permission: Permission) -> Result<(), ApiError> {
        match self.require(permission)? {
            Scope::All => Ok(()),
            _ => Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "{} is needed for every unit to do this",
                    permission.as_str()
                ),
            )),
        }
    }

    /// Checks that the principal may use `permission` on data of `unit_id`.
    pub fn require_unit(
        &self,
        conn: &mut DbConnection,
        permission: Permission,
        unit_id: &str,
    ) -> Result<(), ApiError> {
        let scope = self.require(permission)?;
        let own = self.unit_id.to_string();
        let allowed = match scope {
            Scope::All => true,
            Scope::Subtree => unit_id == own || subtree(conn, &own)?.contains(unit_id),
            Scope::Own => unit_id == own,
            Scope::SelfOnly => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "{} is not allowed for data of this unit",
                    permission.as_str()
                ),
            ))
        }
    }

    /// Checks that the principal may use `permission` for at least one of `units` (for
    /// acts of a task's lead units, of which there may be several).
    pub fn require_any_unit(
        &self,
        conn: &mut DbConnection,
        permission: Permission,
        units: &[String],
    ) -> Result<(), ApiError> {
        let mut last = forbidden(permission);
        for unit in units {
            match self.require_unit(conn, permission, unit) {
                Ok(()) => return Ok(()),
                Err(err) => last = err,
            }
        }
        Err(last)
    }

    /// Units whose data the principal may see with `permission`: `None` means all.
    pub fn visible_units(
        &self,
        conn: &mut DbConnection,
        permission: Permission,
    ) -> Result<Option<HashSet<String>>, ApiError> {
        let own = self.unit_id.to_string();
        Ok(match self.require(permission)? {
            Scope::All => None,
            Scope::Subtree => Some(subtree(conn, &own)?),
            Scope::Own => Some(HashSet::from([own])),
            Scope::SelfOnly => Some(HashSet::new()),
        })
    }

    /// Names of every permission the principal holds.
    pub fn permissions(&self) -> Vec<Permission> {
        Permission::ALL
            .iter()
            .copied()
            .filter(|p| self.scope(*p).is_some())
            .collect()
    }

    /// Roles this principal may assign, in the order of `Role::ALL` (none without
    /// `users.manage`).
    pub fn assignable_roles(&self) -> Vec<Role> {
        if self.scope(Permission::UsersManage).is_none() {
            return Vec::new();
        }
        let allowed = crate::auth::policy::policy().assignable(&self.roles);
        Role::ALL
            .iter()
            .copied()
            .filter(|r| allowed.contains(r))
            .collect()
    }

    /// Permissions this principal may grant to service accounts, in the order of
    /// `Permission::ALL` (none without `service_accounts.manage`).
    pub fn grantable_permissions(&self) -> Vec<Permission> {
        if self.scope(Permission::ServiceAccountsManage).is_none() {
            return Vec::new();
        }
        let grantable = crate::auth::policy::policy().grantable_to_integration();
        Permission::ALL
            .iter()
            .copied()
            .filter(|p| grantable.contains(&p.as_str()))
            .collect()
    }

    pub fn roles_text(&self) -> String {
        self.roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn forbidden(permission: Permission) -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        format!(
            "your roles do not include the permission {}",
            permission.as_str()
        ),
    )
}

fn unauthorized(detail: &str) -> ApiError {
    ApiError::new(ErrorCode::Unauthorized, detail).with_header(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"enforcement\", error=\"invalid_token\""),
    )
}

/// Role codes as stored (`,county,officer,`).
pub fn roles_to_column(roles: &[Role]) -> String {
    let mut sorted: Vec<Role> = roles.to_vec();
    sorted.sort();
    sorted.dedup();
    let inner: Vec<&str> = sorted.iter().map(|r| r.as_str()).collect();
    format!(",{},", inner.join(","))
}

/// Role codes from the stored column; unknown codes (data altered outside the service)
/// are an internal error.
pub fn roles_from_column(column: &str) -> Result<Vec<Role>, ApiError> {
    column
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| Role::parse(s).ok_or_else(|| ApiError::internal(format!("stored role {s:?}"))))
        .collect()
}

/// Grants as stored (comma-separated permission names).
pub fn grants_from_column(column: &str) -> Vec<String> {
    column
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Loads and checks the principal a token names.
fn load_principal(
    conn: &mut DbConnection,
    claims: &super::jwt::Claims,
) -> Result<Principal, ApiError> {
    let invalid = || unauthorized("the access token is no longer valid; sign in again");
    match claims.kind.as_str() {
        "user" => {
            let sid = claims.sid.as_deref().ok_or_else(invalid)?;
            type Row = (String, String, String, String, bool, i64, bool);
            let row: Option<Row> = users::table
                .find(&claims.sub)
                .select((
                    users::login,
                    users::name,
                    users::unit_id,
                    users::roles,
                    users::active,
                    users::token_version,
                    users::must_change_password,
                ))
                .first(conn)
                .optional()?;
            let (login, name, unit_id, roles, active, token_version, must_change_password) =
                row.ok_or_else(invalid)?;
            if !active || token_version != claims.tv {
                return Err(invalid());
            }
            let session: Option<(String, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>)> =
                sessions::table
                    .find(sid)
                    .select((
                        sessions::user_id,
                        sessions::expires_at,
                        sessions::revoked_at,
                    ))
                    .first(conn)
                    .optional()?;
            match session {
                Some((owner, expires_at, None))
                    if owner == claims.sub && expires_at > time::now() => {}
                _ => return Err(invalid()),
            }
            Ok(Principal {
                id: stored_uuid(&claims.sub)?,
                kind: PrincipalKind::User,
                login,
                name,
                unit_id: stored_uuid(&unit_id)?,
                roles: roles_from_column(&roles)?,
                grants: Vec::new(),
                session_id: Some(sid.to_string()),
                must_change_password,
            })
        }
        "service" => {
            let row: Option<(String, String, String, String, bool, i64)> = service_accounts::table
                .find(&claims.sub)
                .select((
                    service_accounts::client_id,
                    service_accounts::name,
                    service_accounts::unit_id,
                    service_accounts::grants,
                    service_accounts::active,
                    service_accounts::token_version,
                ))
                .first(conn)
                .optional()?;
            let (client_id, name, unit_id, grants, active, token_version) =
                row.ok_or_else(invalid)?;
            if !active || token_version != claims.tv {
                return Err(invalid());
            }
            Ok(Principal {
                id: stored_uuid(&claims.sub)?,
                kind: PrincipalKind::ServiceAccount,
                login: client_id,
                name,
                unit_id: stored_uuid(&unit_id)?,
                roles: vec![Role::Integration],
                grants: grants_from_column(&grants),
                session_id: None,
                must_change_password: false,
            })
        }
        _ => Err(invalid()),
    }
}

/// The bearer token of a request, if any.
fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| unauthorized("sign in first: send Authorization: Bearer <access token>"))?;
    let value = value
        .to_str()
        .map_err(|_| unauthorized("malformed Authorization header"))?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim().to_string())
        }
        _ => Err(unauthorized(
            "the Authorization header must be: Bearer <access token>",
        )),
    }
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Principal, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Cached per request, so several extractors share one lookup.
        if let Some(principal) = req.extensions().get::<Principal>() {
            let principal = principal.clone();
            return Box::pin(async move { Ok(principal) });
        }
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let token = token?;
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let claims = state
                .jwt
                .verify(&token)
                .map_err(|_| unauthorized("the access token is invalid or expired"))?;
            let principal =
                crate::db::run(&state.pool, move |conn| load_principal(conn, &claims)).await?;
            if principal.must_change_password && !PASSWORD_CHANGE_PATHS.contains(&req.path()) {
                return Err(ApiError::new(
                    ErrorCode::PasswordChangeRequired,
                    "you signed in with a temporary password: set your own first (POST /api/v1/me/password)",
                ));
            }
            req.extensions_mut().insert(principal.clone());
            Ok(principal)
        })
    }
}

/// Who did something, as written to the audit trail.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<String>,
    pub service_account_id: Option<String>,
    pub unit_id: Option<String>,
    pub roles: String,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
}

impl Actor {
    /// The server itself (start-up seeding, command-line administration).
    pub fn system(what: &str) -> Actor {
        Actor {
            roles: "system".into(),
            request_id: Some(what.to_string()),
            ..Actor::default()
        }
    }

    pub fn of(principal: &Principal, request_id: &RequestId, client_addr: &str) -> Actor {
        let (user_id, service_account_id) = match principal.kind {
            PrincipalKind::User => (Some(principal.id.to_string()), None),
            PrincipalKind::ServiceAccount => (None, Some(principal.id.to_string())),
        };
        Actor {
            user_id,
            service_account_id,
            unit_id: Some(principal.unit_id.to_string()),
            roles: principal.roles_text(),
            request_id: Some(request_id.0.clone()),
            client_addr: Some(client_addr.to_string()),
        }
    }
}

/// The client's address: the peer, or the first `X-Forwarded-For` entry when the
/// deployment says a trusted proxy sets it.
pub fn client_addr(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for {
        if let Some(first) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 64)
        {
            return first.to_string();
        }
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// A permission named at the type level, so a handler's signature says what it needs
/// and the role check happens before the body is read.
pub trait RequiredPermission {
    const PERMISSION: Permission;
}

macro_rules! permission_markers {
    ($($marker:ident => $permission:ident),* $(,)?) => {
        /// Type-level names of permissions for [`Authorized`] and `WriteContext`.
        pub mod perm {
            $(
                pub struct $marker;
                impl super::RequiredPermission for $marker {
                    const PERMISSION: super::Permission = super::Permission::$permission;
                }
            )*
        }
    };
}

permission_markers! {
    UnitsRead => UnitsRead,
    UnitsManage => UnitsManage,
    UsersRead => UsersRead,
    UsersManage => UsersManage,
    ServiceAccountsRead => ServiceAccountsRead,
    ServiceAccountsManage => ServiceAccountsManage,
    AuditRead => AuditRead,
    PlansRead => PlansRead,
    PlansManage => PlansManage,
    TasksManage => TasksManage,
    TaskItemsManage => TaskItemsManage,
    ProgressReport => ProgressReport,
    ProgressReview => ProgressReview,
    StatisticsRead => StatisticsRead,
    StatisticsWrite => StatisticsWrite,
    StatisticsReview => StatisticsReview,
    StatisticsRegionRead => StatisticsRegionRead,
    StatisticsManage => StatisticsManage,
    MajorDecisionsRead => MajorDecisionsRead,
    MajorDecisionsWrite => MajorDecisionsWrite,
    RiskAssessmentsRead => RiskAssessmentsRead,
    RiskAssessmentsWrite => RiskAssessmentsWrite,
    RiskAssessmentsApprove => RiskAssessmentsApprove,
    QuestionsRead => QuestionsRead,
    QuestionsManage => QuestionsManage,
    QuizzesManage => QuizzesManage,
    QuizzesTake => QuizzesTake,
    QuizResultsRead => QuizResultsRead,
    TrainingRead => TrainingRead,
    TrainingManage => TrainingManage,
    TrainingEnrol => TrainingEnrol,
    TrainingAttend => TrainingAttend,
    TrainingHoursRead => TrainingHoursRead,
    TrainingRequirementsManage => TrainingRequirementsManage,
    LegalArchiveRead => LegalArchiveRead,
    LegalArchiveOwn => LegalArchiveOwn,
    ContestsRead => ContestsRead,
    ContestsManage => ContestsManage,
    ContestsEnter => ContestsEnter,
    ContestsJudge => ContestsJudge,
    DegreesRecord => DegreesRecord,
    DegreesRead => DegreesRead,
    DegreesVerify => DegreesVerify,
    CasesRead => CasesRead,
    CasesSubmit => CasesSubmit,
    CasesReview => CasesReview,
    CaseOutcomesRead => CaseOutcomesRead,
    CaseOutcomesWrite => CaseOutcomesWrite,
    AssessmentRead => AssessmentRead,
    AssessmentManage => AssessmentManage,
    CaseReviewsWrite => CaseReviewsWrite,
    AssessmentNoticesWrite => AssessmentNoticesWrite,
    DemonstrationRead => DemonstrationRead,
    DemonstrationManage => DemonstrationManage,
    DemonstrationApply => DemonstrationApply,
    DemonstrationRecommend => DemonstrationRecommend,
    DemonstrationReview => DemonstrationReview,
    NoticesIssue => NoticesIssue,
    NoticesReply => NoticesReply,
    PowerListManage => PowerListManage,
    DiscretionManage => DiscretionManage,
    CalendarManage => CalendarManage,
    DisclosureRead => DisclosureRead,
    DisclosureWrite => DisclosureWrite,
    ExportsRead => ExportsRead,
    RemindersRun => RemindersRun,
    WebhooksManage => WebhooksManage,
    AttachmentsRead => AttachmentsRead,
    AttachmentsWrite => AttachmentsWrite,
}

/// A principal holding permission `P` (in some scope; unit checks follow in the handler).
pub struct Authorized<P> {
    pub principal: Principal,
    pub scope: Scope,
    _permission: PhantomData<P>,
}

impl<P: RequiredPermission> Authorized<P> {
    pub fn permission(&self) -> Permission {
        P::PERMISSION
    }
}

impl<P: RequiredPermission + 'static> FromRequest for Authorized<P> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Authorized<P>, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let principal = Principal::from_request(req, payload);
        Box::pin(async move {
            let principal = principal.await?;
            let scope = principal.require(P::PERMISSION)?;
            Ok(Authorized {
                principal,
                scope,
                _permission: PhantomData,
            })
        })
    }
}
