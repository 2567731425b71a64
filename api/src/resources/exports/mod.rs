//! `GET /api/v1/exports/{resource}`: one resource as NDJSON for auditors and other
//! systems (wire format in `api_types::exports`).
//!
//! The export is recorded in the audit trail, then read from one database snapshot in
//! primary-key batches on a blocking thread and streamed through a small channel, so
//! memory stays constant whatever the table size. The last line is a manifest: row
//! count, SHA-256 of the body, time range and the audit chain's head. Each resource
//! says how its rows become lines next to its other code (`impl Exportable` in its
//! module); this module only walks and streams.

use actix_web::web::Bytes;
use actix_web::{get, web, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::exports::{ExportManifest, ExportResource, ManifestLine};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, OwnedSemaphorePermit};

use crate::auth::{perm, Actor, Authorized, Permission};
use crate::db::schema::audit_head;
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::middleware::RequestId;
use crate::http::write;
use crate::resources::audit_events::{self, Change};
use crate::resources::{
    assessment, case_outcomes, cases, contests, degrees, demonstration, disclosure,
    major_decisions, plans, power_list, progress_reports, question_bank, quizzes, risk_assessments,
    statistics, supervision, training, units, users,
};
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(export);
}

/// Rows read per query; also the size of one streamed chunk.
pub const BATCH: i64 = 500;
/// Chunks buffered between the reading thread and the response.
pub const CHANNEL_CHUNKS: usize = 4;

/// Filters of an export.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportFilter {
    /// Rows changed at or after this instant (RFC 3339); audit events: recorded.
    pub updated_since: Option<DateTime<Utc>>,
    /// Rows changed before this instant (RFC 3339).
    pub updated_before: Option<DateTime<Utc>>,
}

/// The time window of an export in stored (UTC, naive) form.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimeRange {
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

/// One batch to read: rows in `range` whose key is after `after`, in key order.
pub struct Batch<'a, K> {
    pub range: TimeRange,
    pub after: Option<&'a K>,
    pub limit: i64,
    /// The business day the export runs on (derived statuses depend on it).
    pub today: NaiveDate,
}

/// One exported row: its key (for the next batch), when it last changed, its line.
pub struct Exported<K> {
    pub key: K,
    pub changed_at: NaiveDateTime,
    /// The DTO serialised as the resource's endpoint serialises it (same field order).
    pub line: Vec<u8>,
}

impl<K> Exported<K> {
    /// The line of `dto` for the row with `key`, last changed at `changed_at`.
    pub fn of(
        dto: &impl Serialize,
        key: K,
        changed_at: NaiveDateTime,
    ) -> Result<Exported<K>, ApiError> {
        Ok(Exported {
            key,
            changed_at,
            line: serde_json::to_vec(dto).map_err(ApiError::internal)?,
        })
    }
}

/// A resource that can be exported.
pub trait Exportable {
    /// The primary key the batches walk along.
    type Key: Clone + Send + 'static;

    fn batch(
        conn: &mut DbConnection,
        batch: &Batch<'_, Self::Key>,
    ) -> Result<Vec<Exported<Self::Key>>, ApiError>;
}

/// Declares an exportable resource: a unit struct and its `Exportable` impl, whose
/// `batch` is the closure-like body with the connection and the batch named by the
/// caller. Every resource's `export.rs` is one of these.
macro_rules! exportable {
    ($(#[$meta:meta])* $vis:vis struct $name:ident by $key:ty; |$conn:ident, $batch:ident| $body:block) => {
        $(#[$meta])*
        $vis struct $name;

        impl $crate::resources::exports::Exportable for $name {
            type Key = $key;

            fn batch(
                $conn: &mut $crate::db::DbConnection,
                $batch: &$crate::resources::exports::Batch<'_, $key>,
            ) -> Result<Vec<$crate::resources::exports::Exported<$key>>, $crate::error::ApiError>
            $body
        }
    };
}
pub(crate) use exportable;

/// Loads one batch of `$row` from `$table` ordered by `id`, filtered by `$changed`
/// (the column that says when a row last changed) — the query every exportable
/// resource shares.
macro_rules! keyset_rows {
    ($conn:expr, $batch:expr, $table:ident, $changed:ident, $row:ty) => {{
        let batch = $batch;
        let mut query = $table::table.into_boxed();
        if let Some(from) = batch.range.from {
            query = query.filter($table::$changed.ge(from));
        }
        if let Some(until) = batch.range.until {
            query = query.filter($table::$changed.lt(until));
        }
        if let Some(after) = batch.after {
            query = query.filter($table::id.gt(after.clone()));
        }
        query
            .order($table::id.asc())
            .limit(batch.limit)
            .select(<$row>::as_select())
            .load::<$row>($conn)
    }};
}
pub(crate) use keyset_rows;

/// Export one resource as NDJSON, ending with a manifest line.
///
/// Every line is what the resource's own endpoints return for that row (power
/// adjustments: `PowerAdjustmentRecord`, the adjustment with the content it set), in
/// primary-key order, all from one snapshot. The last line is `{"manifest": …}`
/// (schema `ManifestLine`); if it is missing the export is incomplete, and a last line
/// `{"error": …}` says why. The time filter applies to when each row itself last
/// changed; values derived on the export's day (statuses, deadlines) can differ from an
/// earlier export without the row changing. The export is recorded in the audit trail
/// (action `export`). Besides `exports.read` (everywhere) the caller needs the
/// resource's own read permission. At most a quarter of the connection pool serves
/// exports at once; beyond that the answer is 429 with `Retry-After`.
#[utoipa::path(
    tag = "exports",
    params(("resource" = ExportResource, Path, description = "What to export"), ExportFilter),
    responses(
        (status = 200, content_type = "application/x-ndjson", body = String,
         description = "One JSON object per line; the last is a `ManifestLine`"),
        (status = 404, description = "Unknown resource"),
        (status = 422, description = "`updated_before` is not later than `updated_since`"),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/exports/{resource}")]
async fn export(
    state: web::Data<AppState>,
    auth: Authorized<perm::ExportsRead>,
    request_id: RequestId,
    req: actix_web::HttpRequest,
    resource: web::Path<String>,
    filter: Query<ExportFilter>,
) -> Result<HttpResponse, ApiError> {
    let resource = ExportResource::parse(&resource).ok_or_else(|| {
        let known: Vec<&str> = ExportResource::ALL.iter().map(|r| r.as_str()).collect();
        ApiError::not_found("export").with_extension("resources", known.into())
    })?;
    auth.principal.require_everywhere(Permission::ExportsRead)?;
    if let Some(permission) = read_permission(resource) {
        auth.principal.require_everywhere(permission)?;
    }
    let filter = filter.0;
    if let (Some(since), Some(before)) = (filter.updated_since, filter.updated_before) {
        if before <= since {
            return Err(ApiError::rule(
                "updated_before",
                "after_updated_since",
                "must be later than updated_since",
            ));
        }
    }
    let permit = state.export_slot()?;

    let addr = crate::auth::principal::client_addr(&req, state.config.trust_forwarded_for);
    let actor = Actor::of(&auth.principal, &request_id, &addr);
    let change = Change::new(AuditAction::Export, ResourceKind::Export, resource.as_str())
        .with_after(&filter);
    db::run(&state.pool, move |conn| {
        write::audited(conn, &actor, |_| Ok(((), vec![change])))
    })
    .await?;

    let job = Job {
        resource,
        filter,
        request_id: request_id.0.clone(),
        today: time::today(),
        stall_limit: state.config.export_stall_limit,
    };
    match resource {
        ExportResource::AuditEvents => stream::<audit_events::Export>(&state, job, permit).await,
        ExportResource::Units => stream::<units::Export>(&state, job, permit).await,
        ExportResource::Users => stream::<users::Export>(&state, job, permit).await,
        ExportResource::Tasks => stream::<plans::TaskExport>(&state, job, permit).await,
        ExportResource::Milestones => stream::<plans::MilestoneExport>(&state, job, permit).await,
        ExportResource::ImplementationItems => {
            stream::<plans::ItemExport>(&state, job, permit).await
        }
        ExportResource::ProgressReports => {
            stream::<progress_reports::Export>(&state, job, permit).await
        }
        ExportResource::SupervisionNotices => {
            stream::<supervision::NoticeExport>(&state, job, permit).await
        }
        ExportResource::DisclosureRecords => {
            stream::<disclosure::Export>(&state, job, permit).await
        }
        ExportResource::PowerAdjustments => stream::<power_list::Export>(&state, job, permit).await,
        ExportResource::StatisticsReports => {
            stream::<statistics::Export>(&state, job, permit).await
        }
        ExportResource::MajorDecisions => {
            stream::<major_decisions::Export>(&state, job, permit).await
        }
        ExportResource::RiskAssessments => {
            stream::<risk_assessments::Export>(&state, job, permit).await
        }
        ExportResource::Questions => stream::<question_bank::Export>(&state, job, permit).await,
        ExportResource::QuizSessions => stream::<quizzes::SessionExport>(&state, job, permit).await,
        ExportResource::StudyPlans => stream::<quizzes::StudyPlanExport>(&state, job, permit).await,
        ExportResource::QuizAttempts => stream::<quizzes::AttemptExport>(&state, job, permit).await,
        ExportResource::QuizResults => stream::<quizzes::ResultExport>(&state, job, permit).await,
        ExportResource::TrainingEvents => {
            stream::<training::EventExport>(&state, job, permit).await
        }
        ExportResource::TrainingEnrolments => {
            stream::<training::EnrolmentExport>(&state, job, permit).await
        }
        ExportResource::Contests => stream::<contests::ContestExport>(&state, job, permit).await,
        ExportResource::ContestEntries => {
            stream::<contests::EntryExport>(&state, job, permit).await
        }
        ExportResource::Degrees => stream::<degrees::Export>(&state, job, permit).await,
        ExportResource::CaseSubmissions => stream::<cases::CaseExport>(&state, job, permit).await,
        ExportResource::CaseBulletins => stream::<cases::BulletinExport>(&state, job, permit).await,
        ExportResource::CaseOutcomes => {
            stream::<case_outcomes::OutcomeExport>(&state, job, permit).await
        }
        ExportResource::VetoEvents => {
            stream::<case_outcomes::VetoExport>(&state, job, permit).await
        }
        ExportResource::RuleSets => stream::<assessment::RuleSetExport>(&state, job, permit).await,
        ExportResource::CaseReviews => {
            stream::<assessment::ReviewExport>(&state, job, permit).await
        }
        ExportResource::AssessmentRuns => {
            stream::<assessment::RunExport>(&state, job, permit).await
        }
        ExportResource::AssessmentNotices => {
            stream::<assessment::NoticeExport>(&state, job, permit).await
        }
        ExportResource::DemonstrationRounds => {
            stream::<demonstration::RoundExport>(&state, job, permit).await
        }
        ExportResource::DemonstrationApplications => {
            stream::<demonstration::ApplicationExport>(&state, job, permit).await
        }
        ExportResource::DemonstrationReviews => {
            stream::<demonstration::PanelReviewExport>(&state, job, permit).await
        }
    }
}

/// The permission that reads `resource` through its own endpoints (none: public).
fn read_permission(resource: ExportResource) -> Option<Permission> {
    match resource {
        ExportResource::AuditEvents => Some(Permission::AuditRead),
        ExportResource::Units => Some(Permission::UnitsRead),
        ExportResource::Users => Some(Permission::UsersRead),
        ExportResource::Tasks
        | ExportResource::Milestones
        | ExportResource::ImplementationItems
        | ExportResource::ProgressReports
        | ExportResource::SupervisionNotices => Some(Permission::PlansRead),
        ExportResource::DisclosureRecords => Some(Permission::DisclosureRead),
        ExportResource::PowerAdjustments => None,
        ExportResource::StatisticsReports => Some(Permission::StatisticsRead),
        ExportResource::MajorDecisions => Some(Permission::MajorDecisionsRead),
        ExportResource::RiskAssessments => Some(Permission::RiskAssessmentsRead),
        // The bank and the attempts hold the answer keys.
        ExportResource::Questions | ExportResource::QuizAttempts => Some(Permission::QuestionsRead),
        ExportResource::QuizSessions | ExportResource::StudyPlans | ExportResource::QuizResults => {
            Some(Permission::QuizResultsRead)
        }
        // Enrolments say who trains where: what the hours report reads.
        ExportResource::TrainingEvents => Some(Permission::TrainingRead),
        ExportResource::TrainingEnrolments => Some(Permission::TrainingHoursRead),
        ExportResource::Contests | ExportResource::ContestEntries => Some(Permission::ContestsRead),
        ExportResource::Degrees => Some(Permission::DegreesRead),
        ExportResource::CaseSubmissions | ExportResource::CaseBulletins => {
            Some(Permission::CasesRead)
        }
        ExportResource::CaseOutcomes | ExportResource::VetoEvents => {
            Some(Permission::CaseOutcomesRead)
        }
        // Open reviews and draft notices are in the export: whoever reads every unit's.
        ExportResource::RuleSets
        | ExportResource::CaseReviews
        | ExportResource::AssessmentRuns
        | ExportResource::AssessmentNotices => Some(Permission::AssessmentRead),
        // Drafts and every reviewer's scores: whoever reads every unit's.
        ExportResource::DemonstrationRounds
        | ExportResource::DemonstrationApplications
        | ExportResource::DemonstrationReviews => Some(Permission::DemonstrationRead),
    }
}

/// Stored timestamps have microseconds: rounding a bound up keeps `>=` and `<` exact.
fn bound(at: DateTime<Utc>) -> NaiveDateTime {
    let stored = time::from_utc(at);
    if stored.and_utc() < at {
        stored + chrono::Duration::microseconds(1)
    } else {
        stored
    }
}

/// What one export was asked for.
struct Job {
    resource: ExportResource,
    filter: ExportFilter,
    request_id: String,
    today: NaiveDate,
    /// How long the client may read nothing before the export is abandoned.
    stall_limit: std::time::Duration,
}

/// Why the reading thread stopped early.
enum Stop {
    /// The client went away; nothing more to do.
    Disconnected,
    /// The client read nothing for longer than the stall limit.
    Stalled,
    Failed(ApiError),
}

impl From<ApiError> for Stop {
    fn from(err: ApiError) -> Stop {
        Stop::Failed(err)
    }
}

impl From<diesel::result::Error> for Stop {
    fn from(err: diesel::result::Error) -> Stop {
        Stop::Failed(err.into())
    }
}

type Chunk = Result<Bytes, ApiError>;

/// Starts the reading thread and answers once the first chunk is ready, so an error
/// before any row was read is still an ordinary problem response.
async fn stream<E: Exportable + 'static>(
    state: &AppState,
    job: Job,
    permit: OwnedSemaphorePermit,
) -> Result<HttpResponse, ApiError> {
    let (sender, mut receiver) = mpsc::channel::<Chunk>(CHANNEL_CHUNKS);
    let outlet = Outlet {
        sender,
        stall_limit: job.stall_limit,
    };
    let pool = state.pool.clone();
    let resource = job.resource;
    actix_web::rt::task::spawn_blocking(move || {
        let _permit = permit;
        let outcome = match pool.get() {
            Ok(mut conn) => db::read_snapshot(&mut conn, |conn| produce::<E>(conn, &job, &outlet)),
            Err(err) => Err(Stop::Failed(err.into())),
        };
        // The manifest goes out only once the snapshot is closed, so nothing follows it.
        let outcome = outcome.and_then(|manifest| outlet.deliver(Ok(manifest)));
        match outcome {
            Ok(()) | Err(Stop::Disconnected) => {}
            Err(Stop::Stalled) => log::warn!(
                "export of {} abandoned: the client read nothing for {} s",
                resource.as_str(),
                outlet.stall_limit.as_secs()
            ),
            Err(Stop::Failed(err)) => {
                log::error!("export of {} failed: {err}", resource.as_str());
                // Before the first chunk this becomes the response; later, the last line.
                let _ = outlet.deliver(Err(err));
            }
        }
    });

    let first = match receiver.recv().await {
        Some(Ok(bytes)) => bytes,
        Some(Err(err)) => return Err(err),
        None => return Err(ApiError::internal("export ended before its first line")),
    };
    let rest = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let chunk = match receiver.recv().await? {
            Ok(bytes) => bytes,
            Err(err) => error_line(&err),
        };
        Some((Ok::<Bytes, actix_web::Error>(chunk), receiver))
    });
    let body = futures_util::stream::once(async move { Ok(first) }).chain(rest);
    let filename = format!(
        "{}-{}.ndjson",
        resource.as_str(),
        Utc::now().format("%Y%m%dT%H%M%SZ")
    );
    Ok(HttpResponse::Ok()
        .content_type("application/x-ndjson")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{filename}\""),
        ))
        .streaming(body))
}

/// The line that ends an export cut short by a server error.
fn error_line(err: &ApiError) -> Bytes {
    let mut text = serde_json::json!({ "error": err.to_problem() }).to_string();
    text.push('\n');
    Bytes::from(text)
}

/// Reads every batch inside the snapshot, hashing and sending as it goes; returns the
/// manifest line.
fn produce<E: Exportable>(
    conn: &mut DbConnection,
    job: &Job,
    outlet: &Outlet,
) -> Result<Bytes, Stop> {
    // The first read fixes the snapshot, so the head matches the rows that follow.
    let (head_id, head_hash): (i64, String) = audit_head::table
        .find(1)
        .select((audit_head::last_id, audit_head::last_hash))
        .first(conn)?;
    let range = TimeRange {
        from: job.filter.updated_since.map(bound),
        until: job.filter.updated_before.map(bound),
    };
    let mut hasher = Sha256::new();
    let mut count = 0u64;
    let mut first_changed: Option<NaiveDateTime> = None;
    let mut last_changed: Option<NaiveDateTime> = None;
    let mut after: Option<E::Key> = None;
    loop {
        let rows = E::batch(
            conn,
            &Batch {
                range,
                after: after.as_ref(),
                limit: BATCH,
                today: job.today,
            },
        )?;
        let Some(last) = rows.last() else { break };
        after = Some(last.key.clone());
        let mut chunk = Vec::with_capacity(rows.len() * 512);
        for row in &rows {
            chunk.extend_from_slice(&row.line);
            chunk.push(b'\n');
            count += 1;
            first_changed = Some(first_changed.map_or(row.changed_at, |t| t.min(row.changed_at)));
            last_changed = Some(last_changed.map_or(row.changed_at, |t| t.max(row.changed_at)));
        }
        hasher.update(&chunk);
        outlet.deliver(Ok(Bytes::from(chunk)))?;
        if (rows.len() as i64) < BATCH {
            break;
        }
    }
    let manifest = ManifestLine {
        manifest: ExportManifest {
            resource: job.resource,
            count,
            sha256: hex::encode(hasher.finalize()),
            generated_at: Utc::now(),
            updated_since: job.filter.updated_since,
            updated_before: job.filter.updated_before,
            first_updated_at: first_changed.map(time::to_utc),
            last_updated_at: last_changed.map(time::to_utc),
            audit_head_id: (head_id > 0).then_some(head_id),
            audit_head_hash: (head_id > 0).then_some(head_hash),
            request_id: job.request_id.clone(),
        },
    };
    let mut text = serde_json::to_vec(&manifest).map_err(ApiError::internal)?;
    text.push(b'\n');
    Ok(Bytes::from(text))
}

/// Wakes the reading thread when the channel has room again.
struct Unpark(std::thread::Thread);

impl std::task::Wake for Unpark {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.unpark();
    }
}

/// The reading thread's end of the channel to the response.
struct Outlet {
    sender: mpsc::Sender<Chunk>,
    stall_limit: std::time::Duration,
}

impl Outlet {
    /// Hands a chunk to the response, waiting while the client reads, but at most the
    /// stall limit. (The channel's send future needs no runtime; this thread parks
    /// until the receiver makes room or the time is up.)
    fn deliver(&self, chunk: Chunk) -> Result<(), Stop> {
        use std::future::Future;
        use std::task::{Context, Poll};
        let give_up = std::time::Instant::now() + self.stall_limit;
        let waker = std::task::Waker::from(std::sync::Arc::new(Unpark(std::thread::current())));
        let mut context = Context::from_waker(&waker);
        let mut sending = std::pin::pin!(self.sender.send(chunk));
        loop {
            match sending.as_mut().poll(&mut context) {
                Poll::Ready(Ok(())) => return Ok(()),
                Poll::Ready(Err(_)) => return Err(Stop::Disconnected),
                Poll::Pending => {
                    let now = std::time::Instant::now();
                    if now >= give_up {
                        return Err(Stop::Stalled);
                    }
                    std::thread::park_timeout(give_up - now);
                }
            }
        }
    }
}
