//! Judging: each judge scores the entries they may (never their own unit's) per
//! criterion; nobody sees another judge's scores until every judge has scored
//! everything, and then the scores are locked; the organiser publishes the ranking.

use std::cmp::Ordering;
use std::collections::HashMap;

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::contests::{
    AwardCounts, ContestResult, ContestStatus, CriterionPoints, EntryResult, EntryStatus,
    JudgeScore, ScoreSheet, Scoreboard, ScoreboardEntry,
};
use api_types::FieldError;
use diesel::prelude::*;

use super::model::{self, EntryRow, Panel, ScoreRow};
use crate::auth::{perm, Authorized, Principal};
use crate::db::schema::{contest_entries, contest_scores, contests};
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, PathId};
use crate::http::write::{Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(score_entry)
        .service(results_xlsx)
        .service(scoreboard)
        .service(publish_results);
}

/// An entry's final score as an exact fraction of tenths (`sum / count`), and how many
/// judges made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinalScore {
    pub sum: i64,
    pub count: i64,
}

impl FinalScore {
    /// The mean of `totals`, without the highest and the lowest when there are five or
    /// more.
    pub fn of(totals: &[i64]) -> Option<FinalScore> {
        let mut sorted = totals.to_vec();
        sorted.sort_unstable();
        let kept = if sorted.len() >= 5 {
            &sorted[1..sorted.len() - 1]
        } else {
            &sorted[..]
        };
        (!kept.is_empty()).then(|| FinalScore {
            sum: kept.iter().sum(),
            count: i64::try_from(kept.len()).unwrap_or(i64::MAX),
        })
    }

    /// Hundredths of a point, rounded half up.
    pub fn hundredths(self) -> i64 {
        (self.sum * 20 + self.count) / (2 * self.count)
    }

    fn cmp_exact(self, other: FinalScore) -> Ordering {
        (i128::from(self.sum) * i128::from(other.count))
            .cmp(&(i128::from(other.sum) * i128::from(self.count)))
    }
}

/// Ranks `scores` (by entry index) highest first: equal scores share a rank (1, 1, 3)
/// and the award of that rank. Returns (index, result) in rank order.
pub fn rank(scores: &[(usize, FinalScore)], awards: &AwardCounts) -> Vec<(usize, EntryResult)> {
    let mut order: Vec<(usize, FinalScore)> = scores.to_vec();
    order.sort_by(|a, b| b.1.cmp_exact(a.1).then(a.0.cmp(&b.0)));
    let mut out = Vec::with_capacity(order.len());
    let mut rank = 0u32;
    let mut previous: Option<FinalScore> = None;
    for (position, (index, score)) in order.iter().enumerate() {
        if !matches!(previous, Some(p) if p.cmp_exact(*score) == Ordering::Equal) {
            rank = u32::try_from(position + 1).unwrap_or(u32::MAX);
        }
        previous = Some(*score);
        out.push((
            *index,
            EntryResult {
                rank,
                score: model::hundredths(score.hundredths()),
                award: awards.award_of(rank),
                counted_judges: u32::try_from(score.count).unwrap_or(0),
            },
        ));
    }
    out
}

/// The ranking of a panel's entries (by the panel's entry index).
fn ranking(panel: &Panel, awards: &AwardCounts) -> HashMap<usize, EntryResult> {
    let finals: Vec<(usize, FinalScore)> = panel
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| FinalScore::of(&panel.totals_of(&e.id)).map(|f| (i, f)))
        .collect();
    rank(&finals, awards).into_iter().collect()
}

fn score_dto(row: &ScoreRow, names: &HashMap<String, String>) -> Result<JudgeScore, ApiError> {
    let tenths: Vec<(String, i64)> =
        serde_json::from_str(&row.points).map_err(ApiError::internal)?;
    Ok(JudgeScore {
        judge_user_id: stored_uuid(&row.judge_user_id)?,
        judge_name: names.get(&row.judge_user_id).cloned().unwrap_or_default(),
        points: tenths
            .into_iter()
            .map(|(key, t)| CriterionPoints {
                key,
                points: crate::resources::training::model::hours(t),
            })
            .collect(),
        total: crate::resources::training::model::hours(i64::from(row.total_tenths)),
        comment: row.comment.clone(),
        scored_at: time::to_utc(row.scored_at),
    })
}

/// Score an entry as one of its judges (or change one's score) while the contest is
/// being judged and not every judge has finished: every criterion once, from 0 to its
/// points, at most one decimal.
#[utoipa::path(
    tag = "contests",
    request_body = ScoreSheet,
    params(("id" = Uuid, Path, description = "Entry id")),
    responses((status = 200, body = JudgeScore))
)]
#[put("/contest-entries/{id}/my-score")]
async fn score_entry(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsJudge>,
    id: PathId,
    body: Json<ScoreSheet>,
) -> Result<HttpResponse, ApiError> {
    let sheet = body.0;
    let sent = sheet.clone();
    ctx.run(&state, &sent, move |conn, principal| {
        let entry = model::find_entry(conn, &id.0.to_string())?;
        model::lock_contest(conn, &entry.contest_id)?;
        let contest = model::find_contest(conn, &entry.contest_id)?;
        let me = principal.id.to_string();
        let panel = Panel::load(conn, &contest.id)?;
        let Some(judge) = panel.judges.iter().find(|j| j.user_id == me) else {
            return Err(ApiError::new(
                api_types::ErrorCode::Forbidden,
                "you are not on this contest's panel of judges",
            ));
        };
        if model::conflicted(judge, &entry) {
            return Err(ApiError::new(
                api_types::ErrorCode::Forbidden,
                "a judge does not score an entry of their own unit (conflict of interest)",
            ));
        }
        if contest.status()? != ContestStatus::Judging || entry.status()? != EntryStatus::Submitted
        {
            return Err(ApiError::invalid_state(
                "entries are scored while the contest is being judged",
            ));
        }
        if panel.complete() {
            return Err(ApiError::invalid_state(
                "every judge has scored: the scores are locked",
            ));
        }
        let content = contest.content()?;
        let mut errors = Vec::new();
        let mut tenths = Vec::new();
        for criterion in &content.criteria {
            match sheet.points.iter().find(|p| p.key == criterion.key) {
                None => errors.push(FieldError::new(
                    "points",
                    "missing_criterion",
                    format!("score the criterion “{}”", criterion.name),
                )),
                Some(p) => {
                    let index = sheet
                        .points
                        .iter()
                        .position(|q| q.key == p.key)
                        .unwrap_or(0);
                    let field = format!("points[{index}].points");
                    match crate::resources::training::model::tenths(p.points) {
                        Some(t) if t >= 0 && t <= i64::from(criterion.max_points) * 10 => {
                            tenths.push((criterion.key.clone(), t));
                        }
                        Some(_) => errors.push(FieldError::new(
                            &field,
                            "out_of_range",
                            format!(
                                "“{}” is scored from 0 to {}",
                                criterion.name, criterion.max_points
                            ),
                        )),
                        None => errors.push(FieldError::new(
                            &field,
                            "one_decimal",
                            "give the points with at most one decimal",
                        )),
                    }
                }
            }
        }
        for (i, p) in sheet.points.iter().enumerate() {
            if !content.criteria.iter().any(|c| c.key == p.key)
                || sheet.points[..i].iter().any(|q| q.key == p.key)
            {
                errors.push(FieldError::new(
                    format!("points[{i}].key"),
                    "unknown_criterion",
                    "not a criterion of this contest, or named twice",
                ));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::rules(errors));
        }
        let total: i64 = tenths.iter().map(|(_, t)| t).sum();
        let row = ScoreRow {
            entry_id: entry.id.clone(),
            judge_user_id: me.clone(),
            contest_id: contest.id.clone(),
            points: serde_json::to_string(&tenths).map_err(ApiError::internal)?,
            total_tenths: i32::try_from(total).unwrap_or(i32::MAX),
            comment: sheet.comment.trim().to_string(),
            scored_at: time::now(),
        };
        // One score per judge and entry: a change replaces it.
        let replaced = diesel::update(
            contest_scores::table
                .filter(contest_scores::entry_id.eq(&row.entry_id))
                .filter(contest_scores::judge_user_id.eq(&row.judge_user_id)),
        )
        .set(&row)
        .execute(conn)?;
        if replaced == 0 {
            diesel::insert_into(contest_scores::table)
                .values(&row)
                .execute(conn)?;
        }
        let names = HashMap::from([(me.clone(), principal.name.clone())]);
        let dto = score_dto(&row, &names)?;
        // Audit readers may judge too: until every judge has scored, the trail holds only
        // a fingerprint of the sheet; publishing the results records every sheet.
        let fingerprint =
            crate::auth::secrets::sha256_hex(&format!("{}\n{}", row.points, row.comment));
        Outcome::ok(&dto).map(|o| {
            o.audit(Change::transition(
                AuditAction::Grade,
                ResourceKind::ContestEntry,
                &entry.id,
                &serde_json::Value::Null,
                &serde_json::json!({ "judge_user_id": me, "sheet_sha256": fingerprint }),
            ))
        })
    })
    .await
}

/// Whether the caller sees every score and the ranking now.
fn revealed(
    conn: &mut DbConnection,
    principal: &Principal,
    contest: &model::ContestRow,
    panel: &Panel,
) -> Result<bool, ApiError> {
    Ok(match contest.status()? {
        ContestStatus::Published => true,
        ContestStatus::Judging if panel.complete() => {
            panel.is_judge(&principal.id.to_string())
                || model::is_organiser(conn, principal, contest)?
        }
        _ => false,
    })
}

/// The judging as the caller may see it: a judge their own scores and the counts until
/// every judge has scored everything; then the panel and the organiser every score and
/// the ranking; once published, every reader.
#[utoipa::path(tag = "contests", params(("id" = Uuid, Path, description = "Contest id")), responses((status = 200, body = Scoreboard)))]
#[get("/contests/{id}/scoreboard")]
async fn scoreboard(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::ContestsRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let board = db::run(&state.pool, move |conn| {
        let contest = model::find_contest(conn, &id.0.to_string())?;
        model::require_visible(conn, &auth.principal, &contest)?;
        let panel = Panel::load(conn, &contest.id)?;
        let shown = revealed(conn, &auth.principal, &contest, &panel)?;
        let me = auth.principal.id.to_string();
        let my_judge = panel.judges.iter().find(|j| j.user_id == me).cloned();
        let judge_ids: Vec<String> = panel.judges.iter().map(|j| j.user_id.clone()).collect();
        let names = model::user_names(conn, &judge_ids)?;
        let ranks = if shown {
            ranking(&panel, &contest.content()?.awards)
        } else {
            HashMap::new()
        };
        let dtos = model::entry_dtos(conn, &panel.entries)?;
        let mut entries = Vec::with_capacity(dtos.len());
        for (i, (row, mut dto)) in panel.entries.iter().zip(dtos).enumerate() {
            let (scored, to_score) = panel.entry_progress(row);
            let own: Vec<&ScoreRow> = panel
                .scores
                .iter()
                .filter(|s| s.entry_id == row.id)
                .collect();
            let my_score = own
                .iter()
                .find(|s| s.judge_user_id == me)
                .map(|s| score_dto(s, &names))
                .transpose()?;
            let scores = if shown {
                own.iter()
                    .map(|s| score_dto(s, &names))
                    .collect::<Result<_, _>>()?
            } else {
                Vec::new()
            };
            let result = ranks.get(&i).cloned();
            if dto.result.is_none() {
                dto.result.clone_from(&result);
            }
            entries.push(ScoreboardEntry {
                conflict: my_judge.as_ref().is_some_and(|j| model::conflicted(j, row)),
                entry: dto,
                scored,
                to_score,
                my_score,
                scores,
                result,
            });
        }
        if shown {
            entries.sort_by_key(|e| e.result.as_ref().map_or(u32::MAX, |r| r.rank));
        }
        Ok::<_, ApiError>(Scoreboard {
            contest_id: stored_uuid(&contest.id)?,
            status: contest.status()?,
            scoring_complete: panel.complete(),
            revealed: shown,
            entries,
        })
    })
    .await?;
    let response = etag::hashed_json(&req, &board)?;
    Ok(response)
}

/// The published results as a sheet to post or file (名次、作品、单位、参赛人员、得分、奖项),
/// in rank order (`export` audit event); 409 before they are published.
#[utoipa::path(
    tag = "contests",
    params(("id" = Uuid, Path, description = "Contest id")),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 429, description = "Too many exports running; see Retry-After")
    )
)]
#[get("/contests/{id}/results:xlsx")]
async fn results_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::ContestsRead>,
    request_id: crate::http::middleware::RequestId,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    use crate::spreadsheet::export::{column, respond_with, rows_workbook};
    use crate::spreadsheet::Cell;
    let contest_id = id.0.to_string();
    respond_with(
        &state,
        &req,
        auth.principal,
        &request_id,
        "contest-results",
        move |conn, principal| {
            let contest = model::find_contest(conn, &contest_id)?;
            model::require_visible(conn, principal, &contest)?;
            if contest.status()? != ContestStatus::Published {
                return Err(ApiError::invalid_state("the results are not published yet"));
            }
            let rows = model::entries_of(conn, &contest.id)?;
            let mut entries: Vec<api_types::contests::ContestEntry> =
                model::entry_dtos(conn, &rows)?
                    .into_iter()
                    .filter(|e| e.result.is_some())
                    .collect();
            entries.sort_by_key(|e| e.result.as_ref().map_or(u32::MAX, |r| r.rank));
            type Entry = api_types::contests::ContestEntry;
            let columns = vec![
                column("名次", 8.0, |e: &Entry| {
                    e.result
                        .as_ref()
                        .map_or(Cell::Empty, |r| Cell::Count(i64::from(r.rank)))
                }),
                column("作品", 36.0, |e: &Entry| {
                    Cell::Text(e.content.title.clone())
                }),
                column("单位", 24.0, |e: &Entry| Cell::Text(e.unit_name.clone())),
                column("参赛人员", 14.0, |e: &Entry| {
                    Cell::text(e.entrant_name.clone())
                }),
                column("最后得分", 10.0, |e: &Entry| {
                    e.result
                        .as_ref()
                        .map_or(Cell::Empty, |r| Cell::Number(r.score))
                }),
                column("奖项", 10.0, |e: &Entry| {
                    Cell::text(
                        e.result
                            .as_ref()
                            .and_then(|r| r.award)
                            .map(|a| a.label_zh().to_string()),
                    )
                }),
            ];
            let title = format!("{}结果", contest.title);
            Ok((rows_workbook(&title, &columns, &entries)?, title))
        },
    )
    .await
}

/// Publish the results (`If-Match`) once every judge has scored everything: each
/// entry's rank, final score and award are written to it for good.
#[utoipa::path(
    tag = "contests",
    params(("id" = Uuid, Path, description = "Contest id"), ("If-Match" = String, Header, description = "ETag of the contest")),
    responses((status = 200, body = api_types::contests::Contest))
)]
#[post("/contests/{id}/publish-results")]
async fn publish_results(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::ContestsManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    ctx.run(&state, &(), move |conn, principal| {
        model::lock_contest(conn, &id.0.to_string())?;
        let current = super::lifecycle::for_write(conn, principal, id.0, expected)?;
        if current.status()? != ContestStatus::Judging {
            return Err(ApiError::invalid_state(
                "results are published from judging",
            ));
        }
        let panel = Panel::load(conn, &current.id)?;
        if !panel.complete() {
            let missing: Vec<String> = panel
                .judges
                .iter()
                .filter(|j| {
                    let (done, all) = panel.judge_progress(j);
                    done < all
                })
                .map(|j| j.user_id.clone())
                .collect();
            let names = model::user_names(conn, &missing)?;
            let mut who: Vec<String> = missing
                .iter()
                .filter_map(|m| names.get(m).cloned())
                .collect();
            who.sort();
            return Err(ApiError::invalid_state(format!(
                "not every judge has scored every entry yet (still scoring: {})",
                who.join("、")
            )));
        }
        let ranks = ranking(&panel, &current.content()?.awards);
        let now = time::now();
        let judge_ids: Vec<String> = panel.judges.iter().map(|j| j.user_id.clone()).collect();
        let judge_names = model::user_names(conn, &judge_ids)?;
        let mut changes = Vec::new();
        for (i, entry) in panel.entries.iter().enumerate() {
            let Some(result) = ranks.get(&i) else {
                continue;
            };
            let before = model::entry_dto(conn, entry)?;
            let mut next: EntryRow = entry.clone();
            next.result_rank = Some(i32::try_from(result.rank).unwrap_or(i32::MAX));
            next.result_score = FinalScore::of(&panel.totals_of(&entry.id))
                .map(|f| i32::try_from(f.hundredths()).unwrap_or(i32::MAX));
            next.result_award = result.award.map(|a| a.as_str().to_string());
            next.result_counted = Some(i32::try_from(result.counted_judges).unwrap_or(0));
            crate::http::write::versioned_save!(
                conn,
                contest_entries,
                &mut next,
                entry.version,
                now
            )?;
            let after = model::entry_dto(conn, &next)?;
            let sheets = panel
                .scores
                .iter()
                .filter(|s| s.entry_id == entry.id)
                .map(|s| score_dto(s, &judge_names))
                .collect::<Result<Vec<_>, _>>()?;
            changes.push(Change::transition(
                AuditAction::Publish,
                ResourceKind::ContestEntry,
                after.id,
                &before,
                &serde_json::json!({ "entry": after, "scores": sheets }),
            ));
        }
        // The contest delivers its plan milestone: the organiser reports it done.
        if let Some(milestone) = &current.milestone_id {
            let awarded = ranks.values().filter(|r| r.award.is_some()).count();
            let narrative = format!(
                "「{}」已公布结果：参赛作品 {} 件，获奖 {} 件。",
                current.title,
                panel.entries.len(),
                awarded
            );
            let link = format!("/training/contests/{}", current.id);
            if let Some(change) = crate::resources::progress_reports::report_delivered(
                conn,
                principal,
                milestone,
                &current.organiser_unit_id,
                narrative,
                link,
            )? {
                changes.push(change);
            }
        }
        let mut next = current.clone();
        next.status = ContestStatus::Published.as_str().into();
        next.published_at = Some(now);
        super::lifecycle::save(
            conn,
            principal,
            &current,
            next,
            AuditAction::Publish,
            changes,
        )
    })
    .await
}

/// The contest results of `user_id` (entries in their name of published contests),
/// newest first: the legal archive's section.
pub fn archive_section(
    conn: &mut DbConnection,
    user_id: &str,
) -> Result<Vec<ContestResult>, ApiError> {
    let rows: Vec<(EntryRow, model::ContestRow)> = contest_entries::table
        .inner_join(contests::table.on(contests::id.eq(contest_entries::contest_id)))
        .filter(contest_entries::entrant_user_id.eq(user_id))
        .filter(contests::status.eq(ContestStatus::Published.as_str()))
        .filter(contest_entries::result_rank.is_not_null())
        .order((contests::held_on.desc(), contests::id.desc()))
        .select((EntryRow::as_select(), model::ContestRow::as_select()))
        .load(conn)?;
    rows.into_iter()
        .map(|(entry, contest)| {
            let result = model::entry_dto(conn, &entry)?
                .result
                .ok_or_else(|| ApiError::internal("published entry without result"))?;
            Ok(ContestResult {
                contest_id: stored_uuid(&contest.id)?,
                contest_title: contest.title.clone(),
                kind: contest.content()?.kind,
                held_on: contest.held_on,
                entry_title: entry.title.clone(),
                rank: result.rank,
                score: result.score,
                award: result.award,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::contests::Award;

    #[test]
    fn five_or_more_judges_drop_the_highest_and_lowest() {
        let four = FinalScore::of(&[900, 800, 700, 600]).unwrap();
        assert_eq!((four.sum, four.count), (3000, 4));
        let five = FinalScore::of(&[1000, 900, 800, 700, 100]).unwrap();
        assert_eq!((five.sum, five.count), (2400, 3));
        assert_eq!(five.hundredths(), 8000);
        // 85.666… rounds to 85.67.
        let thirds = FinalScore::of(&[857, 857, 856]).unwrap();
        assert_eq!(thirds.hundredths(), 8567);
        assert!(FinalScore::of(&[]).is_none());
    }

    #[test]
    fn equal_scores_share_a_rank_and_its_award() {
        let f = |sum, count| FinalScore { sum, count };
        let awards = AwardCounts {
            first: 1,
            second: 1,
            third: 1,
            excellence: 1,
        };
        // Entry 1 and 2 tie exactly (900/1 == 1800/2), entry 0 follows, entry 3 last.
        let ranked = rank(
            &[
                (0, f(850, 1)),
                (1, f(900, 1)),
                (2, f(1800, 2)),
                (3, f(100, 1)),
            ],
            &awards,
        );
        let by_entry: HashMap<usize, EntryResult> = ranked.into_iter().collect();
        assert_eq!(by_entry[&1].rank, 1);
        assert_eq!(by_entry[&2].rank, 1);
        assert_eq!(by_entry[&1].award, Some(Award::First));
        assert_eq!(by_entry[&2].award, Some(Award::First));
        assert_eq!(by_entry[&0].rank, 3);
        assert_eq!(by_entry[&0].award, Some(Award::Third));
        assert_eq!(by_entry[&3].rank, 4);
        assert_eq!(by_entry[&3].award, Some(Award::Excellence));
    }
}
