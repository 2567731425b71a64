//! 法制档案 (task 8 of the plan, `/api/v1/legal-archives/{user_id}`,
//! `/api/v1/me/legal-archive`): one person's legal learning as each capability records
//! it. The archive holds no data of its own: each capability contributes its section
//! (`training::hours::archive_section`, `quizzes::archive_section`,
//! `contests::archive_section`, `degrees::archive_section`), read live, so it
//! is never out of date; the `.xlsx` lays the same sections out for printing or filing.

use actix_web::{get, web, HttpRequest, HttpResponse};
use api_types::legal_archive::{ArchivePerson, LegalArchive};
use diesel::prelude::*;
use uuid::Uuid;

use crate::auth::{perm, Authorized, Permission, Principal};
use crate::db::schema::users;
use crate::db::{self, stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::http::extract::PathId;
use crate::http::middleware::RequestId;
use crate::resources::{contests, degrees, quizzes, training};
use crate::spreadsheet::export::{column, respond_with, rows_workbook};
use crate::spreadsheet::Cell;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(my_archive)
        .service(archive_xlsx)
        .service(get_archive);
}

/// The archive of `user_id`, every capability's section.
pub fn archive(conn: &mut DbConnection, user_id: &str) -> Result<LegalArchive, ApiError> {
    let (id, name, login, unit_id, active): (String, String, String, String, bool) = users::table
        .find(user_id)
        .select((
            users::id,
            users::name,
            users::login,
            users::unit_id,
            users::active,
        ))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("user"))?;
    let training = training::hours::archive_section(
        conn,
        training::hours::Person {
            id: id.clone(),
            name: name.clone(),
            unit_id: unit_id.clone(),
        },
    )?;
    let quizzes = quizzes::archive_section(conn, &id)?;
    let contests = contests::archive_section(conn, &id)?;
    let degrees = degrees::archive_section(conn, &id)?;
    Ok(LegalArchive {
        person: ArchivePerson {
            user_id: stored_uuid(&id)?,
            name,
            login,
            unit_id: stored_uuid(&unit_id)?,
            active,
        },
        generated_at: time::to_utc(time::now()),
        training,
        quizzes,
        contests,
        degrees,
    })
}

/// The archive of someone whose unit is in the caller's scope.
fn scoped_archive(
    conn: &mut DbConnection,
    principal: &Principal,
    user: Uuid,
) -> Result<LegalArchive, ApiError> {
    let unit: String = users::table
        .find(user.to_string())
        .select(users::unit_id)
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("user"))?;
    principal.require_unit(conn, Permission::LegalArchiveRead, &unit)?;
    archive(conn, &user.to_string())
}

fn no_store(archive: &LegalArchive) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .json(archive)
}

/// A person's legal archive (a county bureau: its own and its brigades' people; a
/// section its own).
#[utoipa::path(tag = "legal-archive", params(("id" = Uuid, Path, description = "User id")), responses((status = 200, body = LegalArchive)))]
#[get("/legal-archives/{id}")]
async fn get_archive(
    state: web::Data<AppState>,
    auth: Authorized<perm::LegalArchiveRead>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let found = db::run(&state.pool, move |conn| {
        scoped_archive(conn, &auth.principal, id.0)
    })
    .await?;
    Ok(no_store(&found))
}

/// The caller's own legal archive.
#[utoipa::path(tag = "legal-archive", responses((status = 200, body = LegalArchive)))]
#[get("/me/legal-archive")]
async fn my_archive(
    state: web::Data<AppState>,
    auth: Authorized<perm::LegalArchiveOwn>,
) -> Result<HttpResponse, ApiError> {
    let me = auth.principal.id.to_string();
    let found = db::run(&state.pool, move |conn| archive(conn, &me)).await?;
    Ok(no_store(&found))
}

/// One line of the archive's sheet: the section, what, and its figures.
struct Line {
    section: &'static str,
    item: String,
    when: String,
    figure: String,
    outcome: String,
}

fn lines(archive: &LegalArchive) -> Vec<Line> {
    let mut out = Vec::new();
    for year in &archive.training {
        out.push(Line {
            section: "培训学时",
            item: format!("{} 年度合计", year.year),
            when: year.year.to_string(),
            figure: format!("{} / {} 学时", year.hours, year.required),
            outcome: if year.met { "已达标" } else { "未达标" }.into(),
        });
        for event in &year.events {
            out.push(Line {
                section: "培训学时",
                item: format!("{}（{}）", event.title, event.category.label_zh()),
                when: year.year.to_string(),
                figure: format!(
                    "{} / {} 学时，请假 {} 学时",
                    event.hours, event.total_hours, event.leave_hours
                ),
                outcome: if event.completed {
                    "完成"
                } else {
                    "未完成"
                }
                .into(),
            });
        }
    }
    for result in &archive.quizzes {
        out.push(Line {
            section: "学法考试",
            item: format!(
                "{}（{}）",
                result.session_title,
                result.session_kind.label_zh()
            ),
            when: time::local_date(time::from_utc(result.last_submitted_at)).to_string(),
            figure: result.score.map_or_else(
                || "待评分".into(),
                |s| format!("{s} / {} 分", result.max_score),
            ),
            outcome: match result.passed {
                Some(true) => "合格",
                Some(false) => "不合格",
                None => "待评分",
            }
            .into(),
        });
    }
    for result in &archive.contests {
        out.push(Line {
            section: "竞赛",
            item: format!(
                "{}（{}）：{}",
                result.contest_title,
                result.kind.label_zh(),
                result.entry_title
            ),
            when: result.held_on.to_string(),
            figure: format!("第 {} 名，{} 分", result.rank, result.score),
            outcome: result.award.map_or("未获奖", |a| a.label_zh()).into(),
        });
    }
    for degree in &archive.degrees {
        out.push(Line {
            section: "在职学历",
            item: format!(
                "{} {}（{}）",
                degree.content.school,
                degree.content.major,
                degree.content.level.label_zh()
            ),
            when: degree.content.graduated_on.to_string(),
            figure: degree.reward.as_ref().map_or_else(String::new, |r| {
                format!("奖励 {} 元：{}", r.amount_yuan, r.note)
            }),
            outcome: degree.status.label_zh().into(),
        });
    }
    out
}

/// The archive as a sheet, a line per year, event and result (`export` audit event).
#[utoipa::path(tag = "legal-archive", params(("id" = Uuid, Path, description = "User id")), responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>)))]
#[get("/legal-archives/{id}:xlsx")]
async fn archive_xlsx(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::LegalArchiveRead>,
    request_id: RequestId,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let user = id.0;
    respond_with(
        &state,
        &req,
        auth.principal,
        &request_id,
        "legal-archive",
        move |conn, principal| {
            let found = scoped_archive(conn, principal, user)?;
            let columns = vec![
                column("部分", 12.0, |l: &Line| Cell::Text(l.section.into())),
                column("事项", 40.0, |l: &Line| Cell::Text(l.item.clone())),
                column("时间", 12.0, |l: &Line| Cell::Text(l.when.clone())),
                column("成绩或学时", 24.0, |l: &Line| {
                    Cell::Text(l.figure.clone())
                }),
                column("结果", 10.0, |l: &Line| Cell::Text(l.outcome.clone())),
            ];
            let title = format!("{}法制档案", found.person.name);
            Ok((rows_workbook(&title, &columns, &lines(&found))?, title))
        },
    )
    .await
}
