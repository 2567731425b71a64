//! The indicators of the unit assessment, measured from the system's own data for every
//! assessed unit and a period in one pass per source (no query per unit): each source's
//! rows of the period are read once and added to the assessed unit they belong to.
//!
//! Assessed units are the county bureaus (with their brigades) and the brigades directly
//! under the city bureau. Something due counts once its deadline has passed (a run in the
//! middle of a month measures what was due so far).

use std::collections::{BTreeMap, HashMap, HashSet};

use api_types::assessment::{Indicator, IndicatorValue};
use api_types::cases::{OutcomeResult, VetoKind};
use api_types::disclosure::{DisclosureStatus, Timeliness};
use api_types::period::Period;
use api_types::quizzes::QuizStatus;
use api_types::units::UnitKind;
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;

use crate::db::schema::{
    case_outcomes, case_reviews, case_submissions, disclosure_records, implementation_items,
    quiz_sessions, statistics_reports, supervision_notices, users, veto_events,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::{calendar, cases, disclosure, quizzes, training};
use crate::time;

/// One assessed unit's measures.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    pub unit_id: String,
    pub unit_name: String,
    pub inputs: BTreeMap<Indicator, IndicatorValue>,
    /// Why the unit is vetoed for the year, if it is.
    pub veto: Option<String>,
}

#[derive(Debug, Default)]
struct Tally {
    review_tenths: i64,
    reviews: i64,
    failed_files: i64,
    disclosure_on_time: i64,
    disclosure_published: i64,
    disclosure_due: i64,
    reports_on_time: i64,
    reports_due: i64,
    trainees_met: i64,
    trainees: i64,
    quiz_passed: i64,
    quiz_took: i64,
    quiz_audience: i64,
    quota_short: i64,
    quota_quarters: i64,
    unanswered_notices: i64,
    notices_due: i64,
    overdue_items: i64,
    items_due: i64,
    corrections: i64,
    vetoes: Vec<String>,
}

fn share(on_time: i64, due: i64) -> Option<IndicatorValue> {
    (due > 0).then(|| IndicatorValue {
        value: (on_time as f64 * 1000.0 / due as f64).round() / 10.0,
        numerator: Some(on_time),
        denominator: Some(due),
    })
}

fn count(n: i64) -> IndicatorValue {
    IndicatorValue {
        value: n as f64,
        numerator: None,
        denominator: None,
    }
}

impl Tally {
    fn inputs(&self) -> BTreeMap<Indicator, IndicatorValue> {
        let mut out = BTreeMap::new();
        if self.reviews > 0 {
            let mean = (self.review_tenths as f64 / self.reviews as f64).round() / 10.0;
            out.insert(
                Indicator::CaseReviewMean,
                IndicatorValue {
                    value: mean,
                    numerator: None,
                    denominator: Some(self.reviews),
                },
            );
            out.insert(Indicator::FailedCaseFiles, count(self.failed_files));
        }
        let shares = [
            (
                Indicator::DisclosureTimeliness,
                self.disclosure_on_time,
                self.disclosure_due,
            ),
            (
                Indicator::DisclosureCompleteness,
                self.disclosure_published,
                self.disclosure_due,
            ),
            (
                Indicator::StatisticsOnTime,
                self.reports_on_time,
                self.reports_due,
            ),
            (Indicator::TrainingHours, self.trainees_met, self.trainees),
            (
                Indicator::QuizParticipation,
                self.quiz_took,
                self.quiz_audience,
            ),
            (
                Indicator::QuizPassRate,
                self.quiz_passed,
                self.quiz_audience,
            ),
        ];
        for (indicator, n, d) in shares {
            if let Some(v) = share(n, d) {
                out.insert(indicator, v);
            }
        }
        if self.quota_quarters > 0 {
            out.insert(Indicator::CaseQuotaShort, count(self.quota_short));
        }
        if self.notices_due > 0 {
            out.insert(Indicator::UnansweredNotices, count(self.unanswered_notices));
        }
        if self.items_due > 0 {
            out.insert(Indicator::OverdueItems, count(self.overdue_items));
        }
        out.insert(Indicator::Corrections, count(self.corrections));
        out
    }
}

/// Every assessed unit's indicators for `period`, measured on `today`.
pub fn measure(
    conn: &mut DbConnection,
    period: Period,
    today: NaiveDate,
) -> Result<Vec<Measured>, ApiError> {
    let (start, end) = (period.start(), period.end());
    let tree = super::tree::UnitTree::load(conn)?;
    let roots = tree.assessed();
    let assessed: HashSet<&str> = roots.iter().map(|r| r.0.as_str()).collect();
    // Each unit's assessed unit (its own, or the county-level unit above it).
    let root_of = |unit: &str| tree.county_of(unit).filter(|r| assessed.contains(r));
    let mut tallies: HashMap<String, Tally> = roots
        .iter()
        .map(|(id, ..)| (id.clone(), Tally::default()))
        .collect();
    let mut add = |unit: &str, f: &mut dyn FnMut(&mut Tally)| {
        if let Some(t) = root_of(unit).and_then(|r| tallies.get_mut(r)) {
            f(t);
        }
    };

    let reviews: Vec<(String, i64, String)> = case_reviews::table
        .filter(case_reviews::status.eq(api_types::assessment::ReviewStatus::Submitted.as_str()))
        .filter(case_reviews::reviewed_on.between(start, end))
        .select((
            case_reviews::unit_id,
            case_reviews::score_tenths,
            case_reviews::grade,
        ))
        .load(conn)?;
    for (unit, tenths, grade) in reviews {
        add(&unit, &mut |t| {
            t.reviews += 1;
            t.review_tenths += tenths;
            if grade == api_types::assessment::Grade::Fail.as_str() {
                t.failed_files += 1;
            }
        });
    }

    let cal = calendar::load(conn)?;
    // Grouped by what timeliness depends on: far fewer rows than decisions.
    let decisions: Vec<(String, String, NaiveDate, Option<NaiveDate>, i64)> =
        disclosure_records::table
            .filter(disclosure_records::decision_date.between(start, end))
            .filter(disclosure_records::status.ne(DisclosureStatus::Withdrawn.as_str()))
            .group_by((
                disclosure_records::issuing_unit_id,
                disclosure_records::status,
                disclosure_records::decision_date,
                disclosure_records::publication_date,
            ))
            .select((
                disclosure_records::issuing_unit_id,
                disclosure_records::status,
                disclosure_records::decision_date,
                disclosure_records::publication_date,
                diesel::dsl::count_star(),
            ))
            .load(conn)?;
    for (unit, status, decided, published, n) in decisions {
        let public = DisclosureStatus::parse(&status).is_some_and(|s| s.is_public());
        let (_, state, _) = disclosure::model::timeliness(
            decided,
            if public { published } else { None },
            today,
            &cal,
        );
        add(&unit, &mut |t| match state {
            Timeliness::OnTime => {
                t.disclosure_due += n;
                t.disclosure_on_time += n;
                t.disclosure_published += n;
            }
            Timeliness::Late => {
                t.disclosure_due += n;
                t.disclosure_published += n;
            }
            Timeliness::Overdue => t.disclosure_due += n,
            Timeliness::Pending => {}
        });
    }

    let reports: Vec<(String, NaiveDate, Option<chrono::NaiveDateTime>)> =
        statistics_reports::table
            .filter(statistics_reports::due_date.between(start, end))
            .filter(statistics_reports::due_date.lt(today))
            .select((
                statistics_reports::unit_id,
                statistics_reports::due_date,
                statistics_reports::first_submitted_at,
            ))
            .load(conn)?;
    for (unit, due, first) in reports {
        let on_time = first.is_some_and(|at| time::local_date(at) <= due);
        add(&unit, &mut |t| {
            t.reports_due += 1;
            t.reports_on_time += i64::from(on_time);
        });
    }

    // Published quizzes that closed in the period's local days, by now: each one's
    // audience, as its own results page counts them. A make-up counts with its
    // original (closed by now too): who took or passed it took or passed the original,
    // and nobody is counted twice.
    let from = time::from_utc(time::bureau_instant(start, 0, 0));
    let until =
        time::from_utc(time::bureau_instant(end.succ_opt().unwrap_or(end), 0, 0)).min(time::now());
    let published = || {
        quiz_sessions::table
            .filter(quiz_sessions::status.eq(QuizStatus::Published.as_str()))
            .select(quizzes::model::SessionRow::as_select())
    };
    let sessions: Vec<quizzes::model::SessionRow> = published()
        .filter(quiz_sessions::makeup_of.is_null())
        .filter(quiz_sessions::closes_at.ge(from))
        .filter(quiz_sessions::closes_at.lt(until))
        .load(conn)?;
    let originals: Vec<&str> = sessions.iter().map(|s| s.id.as_str()).collect();
    let makeups: Vec<quizzes::model::SessionRow> = published()
        .filter(quiz_sessions::makeup_of.eq_any(&originals))
        .filter(quiz_sessions::closes_at.lt(time::now()))
        .load(conn)?;
    let mut made_up: HashMap<(String, String), (bool, bool)> = HashMap::new();
    for makeup in &makeups {
        let original = makeup.makeup_of.clone().unwrap_or_default();
        for m in quizzes::audience_standing(conn, makeup)? {
            let seen = made_up.entry((original.clone(), m.user_id)).or_default();
            *seen = (seen.0 || m.took, seen.1 || m.passed);
        }
    }
    for session in &sessions {
        for m in quizzes::audience_standing(conn, session)? {
            let (took_later, passed_later) = made_up
                .get(&(session.id.clone(), m.user_id))
                .copied()
                .unwrap_or_default();
            add(&m.unit_id, &mut |t| {
                t.quiz_audience += 1;
                t.quiz_took += i64::from(m.took || took_later);
                t.quiz_passed += i64::from(m.passed || passed_later);
            });
        }
    }

    // Training hours: the months of the period's year completed by its end (or by
    // now), and each trainee's hours from the sessions before that.
    let last_day = end.min(today.pred_opt().unwrap_or(today));
    let months = if last_day
        .succ_opt()
        .is_none_or(|next| next.month() != last_day.month())
    {
        last_day.month()
    } else {
        last_day.month() - 1
    };
    if last_day.year() == end.year() && months > 0 {
        let through = NaiveDate::from_ymd_opt(end.year(), months, 1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .ok_or_else(|| ApiError::internal("month bounds"))?;
        let cutoff = time::from_utc(time::bureau_instant(through, 0, 0));
        // Who joined after the months counted was not yet required to train.
        let later: HashSet<String> = users::table
            .filter(users::created_at.ge(cutoff))
            .select(users::id)
            .load::<String>(conn)?
            .into_iter()
            .collect();
        let mut people = training::hours::trainees(conn, None)?;
        people.retain(|p| !later.contains(&p.id));
        let hours = training::hours::hours_before(conn, &people, end.year(), Some(cutoff))?;
        for (person, h) in people.iter().zip(hours) {
            // Hours are whole tenths; met when hours × 12 reach required × months.
            let (had, required) = (
                (h.hours * 10.0).round() as i64,
                (h.required * 10.0).round() as i64,
            );
            let met = had * 12 >= required * i64::from(months);
            add(&person.unit_id, &mut |t| {
                t.trainees += 1;
                t.trainees_met += i64::from(met);
            });
        }
    }

    // Typical cases: each quarter that ended in the period, for the county bureaus (the
    // units that submit them).
    let quarters: Vec<Period> = (0..4)
        .map(|q| Period::Quarter {
            year: end.year(),
            quarter: q + 1,
        })
        .chain((0..4).map(|q| Period::Quarter {
            year: start.year(),
            quarter: q + 1,
        }))
        .filter(|q| q.end() >= start && q.end() <= end && q.end() < today)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for quarter in quarters {
        let minimum = i64::from(cases::quota::quota(conn, quarter.start().year())?.min_per_quarter);
        let counted: HashMap<String, i64> = case_submissions::table
            .filter(case_submissions::quarter.eq(quarter.to_string()))
            .filter(case_submissions::status.eq_any(cases::quota::counted_statuses()))
            .group_by(case_submissions::unit_id)
            .select((case_submissions::unit_id, diesel::dsl::count_star()))
            .load::<(String, i64)>(conn)?
            .into_iter()
            .collect();
        for (id, _, kind) in &roots {
            if kind != UnitKind::CountyBureau.as_str() {
                continue;
            }
            if let Some(t) = tallies.get_mut(id) {
                t.quota_quarters += 1;
                if counted.get(id).copied().unwrap_or(0) < minimum {
                    t.quota_short += 1;
                }
            }
        }
    }

    let mut add = |unit: &str, f: &mut dyn FnMut(&mut Tally)| {
        if let Some(t) = root_of(unit).and_then(|r| tallies.get_mut(r)) {
            f(t);
        }
    };
    let notices: Vec<(String, NaiveDate, Option<chrono::NaiveDateTime>)> =
        supervision_notices::table
            .filter(supervision_notices::reply_deadline.between(start, end))
            .filter(supervision_notices::reply_deadline.lt(today))
            .select((
                supervision_notices::unit_id,
                supervision_notices::reply_deadline,
                supervision_notices::replied_at,
            ))
            .load(conn)?;
    for (unit, deadline, replied) in notices {
        let late = replied.is_none_or(|at| time::local_date(at) > deadline);
        add(&unit, &mut |t| {
            t.notices_due += 1;
            t.unanswered_notices += i64::from(late);
        });
    }

    let items: Vec<(String, NaiveDate, Option<NaiveDate>)> = implementation_items::table
        .filter(implementation_items::due_date.between(start, end))
        .filter(implementation_items::due_date.lt(today))
        .select((
            implementation_items::unit_id,
            implementation_items::due_date,
            implementation_items::completed_on,
        ))
        .load(conn)?;
    for (unit, due, done) in items {
        let late = done.is_none_or(|d| d > due);
        add(&unit, &mut |t| {
            t.items_due += 1;
            t.overdue_items += i64::from(late);
        });
    }

    let corrected = [
        OutcomeResult::Revoked.as_str(),
        OutcomeResult::Altered.as_str(),
        OutcomeResult::ConfirmedIllegal.as_str(),
    ];
    let corrections: Vec<String> = case_outcomes::table
        .filter(case_outcomes::decided_on.between(start, end))
        .filter(case_outcomes::result.eq_any(corrected))
        .select(case_outcomes::unit_id)
        .load(conn)?;
    for unit in corrections {
        add(&unit, &mut |t| t.corrections += 1);
    }

    let vetoes: Vec<(String, String, String, NaiveDate)> = veto_events::table
        .filter(veto_events::year.eq(end.year()))
        .filter(veto_events::occurred_on.le(end))
        .order((veto_events::occurred_on.asc(), veto_events::id.asc()))
        .select((
            veto_events::unit_id,
            veto_events::kind,
            veto_events::document_number,
            veto_events::occurred_on,
        ))
        .load(conn)?;
    for (unit, kind, number, on) in vetoes {
        let label = VetoKind::parse(&kind).map_or("一票否决事项", |k| k.label_zh());
        add(&unit, &mut |t| {
            t.vetoes.push(format!("{on} {label}（{number}）"))
        });
    }

    Ok(roots
        .into_iter()
        .map(|(id, name, _)| {
            let tally = tallies.remove(&id).unwrap_or_default();
            Measured {
                inputs: tally.inputs(),
                veto: (!tally.vetoes.is_empty()).then(|| {
                    format!(
                        "{}年度一票否决：{}，评为不合格",
                        end.year(),
                        tally.vetoes.join("；")
                    )
                }),
                unit_id: id,
                unit_name: name,
            }
        })
        .collect())
}
