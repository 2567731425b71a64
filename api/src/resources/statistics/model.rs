//! Template and report rows, the figure rules of a template, and the computed view of
//! a report (derived columns, ratios, reconciliation, timeliness).

use std::collections::BTreeMap;

use api_types::statistics::{
    period_bounds, ColumnKind, Difference, PeriodKind, StatisticsReport, StatisticsRevision,
    StatisticsStatus, StatisticsTemplate, TemplateDefinition, Timeliness,
};
use api_types::FieldError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::derive;
use crate::db::schema::{statistics_report_revisions, statistics_reports, statistics_templates};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::resources::calendar::workdays::WorkCalendar;
use crate::time;

/// The largest figure accepted (a clerk's typo of many zeros is refused, not summed).
pub const MAX_FIGURE: f64 = 1.0e12;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = statistics_templates)]
pub struct TemplateRow {
    pub id: String,
    pub code: String,
    pub version_number: i32,
    pub name: String,
    pub period_kind: String,
    pub effective_from: NaiveDate,
    pub definition: String,
    pub created_by_name: String,
    pub created_at: NaiveDateTime,
}

impl TemplateRow {
    pub fn period_kind(&self) -> Result<PeriodKind, ApiError> {
        PeriodKind::parse(&self.period_kind).ok_or_else(|| ApiError::internal("stored period kind"))
    }

    pub fn definition(&self) -> Result<TemplateDefinition, ApiError> {
        serde_json::from_str(&self.definition).map_err(ApiError::internal)
    }

    pub fn to_dto(&self) -> Result<StatisticsTemplate, ApiError> {
        Ok(StatisticsTemplate {
            id: stored_uuid(&self.id)?,
            code: self.code.clone(),
            version_number: self.version_number,
            name: self.name.clone(),
            period_kind: self.period_kind()?,
            effective_from: self.effective_from,
            definition: self.definition()?,
            created_at: time::to_utc(self.created_at),
        })
    }
}

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = statistics_reports, treat_none_as_null = true)]
pub struct ReportRow {
    pub id: String,
    pub unit_id: String,
    pub template_id: String,
    pub template_code: String,
    pub period_kind: String,
    pub period: String,
    pub period_start: NaiveDate,
    pub due_date: NaiveDate,
    pub status: String,
    pub figures: String,
    pub explanation: Option<String>,
    pub return_comment: Option<String>,
    pub returned_fields: String,
    pub revision: i32,
    pub correction_reason: Option<String>,
    pub first_submitted_at: Option<NaiveDateTime>,
    pub submitted_at: Option<NaiveDateTime>,
    pub accepted_at: Option<NaiveDateTime>,
    pub reviewed_by: Option<String>,
    pub created_by: String,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = statistics_report_revisions)]
pub struct RevisionRow {
    pub id: String,
    pub report_id: String,
    pub revision: i32,
    pub action: String,
    pub figures: String,
    pub derived: String,
    pub explanation: Option<String>,
    pub reason: Option<String>,
    pub recorded_by: Option<String>,
    pub recorded_by_name: String,
    pub recorded_at: NaiveDateTime,
}

impl RevisionRow {
    pub fn to_dto(&self) -> Result<StatisticsRevision, ApiError> {
        Ok(StatisticsRevision {
            revision: self.revision,
            action: self.action.clone(),
            values: serde_json::from_str(&self.figures).map_err(ApiError::internal)?,
            explanation: self.explanation.clone(),
            reason: self.reason.clone(),
            recorded_by_name: self.recorded_by_name.clone(),
            recorded_at: time::to_utc(self.recorded_at),
        })
    }
}

pub type Figures = BTreeMap<String, f64>;

impl ReportRow {
    pub fn status(&self) -> Result<StatisticsStatus, ApiError> {
        StatisticsStatus::parse(&self.status)
            .ok_or_else(|| ApiError::internal("stored statistics status"))
    }

    pub fn figures(&self) -> Result<Figures, ApiError> {
        serde_json::from_str(&self.figures).map_err(ApiError::internal)
    }

    /// The step may go ahead: the client saw `expected` and the report is in one of
    /// `allowed` (else 412, or 409 saying `refused`).
    pub fn expect(
        &self,
        expected: i64,
        allowed: &[StatisticsStatus],
        refused: &'static str,
    ) -> Result<(), ApiError> {
        crate::http::write::check_version(self.version, expected)?;
        if !allowed.contains(&self.status()?) {
            return Err(ApiError::invalid_state(refused));
        }
        Ok(())
    }

    /// Whether the first submission came by the due date (Asia/Shanghai days).
    pub fn timeliness(&self, today: NaiveDate) -> Timeliness {
        match self.first_submitted_at {
            Some(at) if time::local_date(at) <= self.due_date => Timeliness::OnTime,
            Some(_) => Timeliness::Late,
            None if today > self.due_date => Timeliness::Overdue,
            None => Timeliness::Pending,
        }
    }
}

/// The computed side of a report: derived and ratio columns, counterparts of manual
/// columns, and the differences.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Computed {
    pub derived: Figures,
    pub differences: Vec<Difference>,
    pub flagged: bool,
}

/// Rounds to the column's decimals so sums of yuan do not show binary noise.
pub fn round(value: f64, decimals: u8) -> f64 {
    let factor = 10f64.powi(i32::from(decimals.min(4)));
    (value * factor).round() / factor
}

/// Fills in what the system computes for `figures` under `definition`, given the
/// figures derived from the unit's records (`sources`).
pub fn compute(
    definition: &TemplateDefinition,
    figures: &Figures,
    sources: &derive::Sources,
) -> Computed {
    let mut out = Computed::default();
    let mut all = figures.clone();
    for column in definition.columns() {
        let Some(source) = column.derived else {
            continue;
        };
        let value = round(sources.get(source), column.decimals);
        out.derived.insert(column.key.clone(), value);
        match column.kind {
            ColumnKind::Derived => {
                all.insert(column.key.clone(), value);
            }
            ColumnKind::Manual => {
                if let Some(&entered) = figures.get(&column.key) {
                    let difference = round(entered - value, column.decimals);
                    if difference != 0.0 {
                        let allowed = value.abs().max(1.0) * definition.tolerance_percent / 100.0;
                        let beyond = difference.abs() > allowed + 1e-9;
                        out.flagged |= beyond;
                        out.differences.push(Difference {
                            column: column.key.clone(),
                            entered,
                            derived: value,
                            difference,
                            beyond_tolerance: beyond,
                        });
                    }
                }
            }
            ColumnKind::Ratio => {}
        }
    }
    for (key, value) in ratios(definition, &all) {
        out.derived.insert(key, value);
    }
    out
}

/// Ratio columns (percent, two decimals) from the figures they divide; a zero
/// denominator gives no ratio.
pub fn ratios(definition: &TemplateDefinition, figures: &Figures) -> Figures {
    let mut out = Figures::new();
    for column in definition.columns().filter(|c| c.kind == ColumnKind::Ratio) {
        let (Some(n), Some(d)) = (&column.numerator, &column.denominator) else {
            continue;
        };
        if let (Some(&n), Some(&d)) = (figures.get(n), figures.get(d)) {
            if d > 0.0 {
                out.insert(column.key.clone(), round(n / d * 100.0, 2));
            }
        }
    }
    out
}

/// Every broken rule of `figures` under `definition`, fields named `values.<key>`.
/// `complete`: every manual column must be there (on submission).
pub fn check_figures(
    definition: &TemplateDefinition,
    figures: &Figures,
    complete: bool,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let field = |key: &str| format!("values.{key}");
    for (key, &value) in figures {
        let Some(column) = definition.column(key) else {
            errors.push(FieldError::new(
                field(key),
                "unknown_figure",
                "this template has no such column",
            ));
            continue;
        };
        if column.kind != ColumnKind::Manual {
            errors.push(FieldError::new(
                field(key),
                "computed_figure",
                "this figure is computed by the system and cannot be entered",
            ));
            continue;
        }
        if !value.is_finite() || value < 0.0 {
            errors.push(FieldError::new(
                field(key),
                "non_negative",
                "must be zero or more",
            ));
        } else if value > MAX_FIGURE {
            errors.push(FieldError::new(
                field(key),
                "too_large",
                "must be at most 1,000,000,000,000",
            ));
        } else if round(value, column.decimals) != value {
            let message = if column.decimals == 0 {
                "must be a whole number".to_string()
            } else {
                format!("at most {} decimal places", column.decimals)
            };
            let code = if column.decimals == 0 {
                "whole_number"
            } else {
                "decimals"
            };
            errors.push(FieldError::new(field(key), code, message));
        } else if let Some(limit_key) = &column.at_most {
            if let Some(&limit) = figures.get(limit_key) {
                if value > limit {
                    let label = definition
                        .column(limit_key)
                        .map(|c| c.label.as_str())
                        .unwrap_or(limit_key);
                    errors.push(FieldError::new(
                        field(key),
                        "exceeds_figure",
                        format!("must not exceed {label}"),
                    ));
                }
            }
        }
    }
    if complete {
        for column in definition
            .columns()
            .filter(|c| c.kind == ColumnKind::Manual)
        {
            if !figures.contains_key(&column.key) {
                errors.push(FieldError::new(
                    field(&column.key),
                    "required",
                    "is required before the report is submitted",
                ));
            }
        }
    }
    errors
}

/// The due date of a period ending on `end`: the template's working day after it.
pub fn due_date(
    calendar: &WorkCalendar,
    end: NaiveDate,
    definition: &TemplateDefinition,
) -> NaiveDate {
    calendar.add_working_days(end, definition.due_working_day)
}

/// The period's bounds, or 422 naming `period` when it is not of the template's kind.
pub fn bounds(kind: PeriodKind, period: &str) -> Result<(NaiveDate, NaiveDate), ApiError> {
    period_bounds(kind, period).ok_or_else(|| {
        let example = match kind {
            PeriodKind::Month => "a month like 2026-05",
            PeriodKind::Quarter => "a quarter like 2026-Q2",
            PeriodKind::Year => "a year like 2026",
        };
        ApiError::rule(
            "period",
            "period_kind",
            format!("this template is filled per period: {example}"),
        )
    })
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<ReportRow, ApiError> {
    statistics_reports::table
        .find(id)
        .select(ReportRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("statistics report"))
}

pub fn find_template(conn: &mut DbConnection, id: &str) -> Result<TemplateRow, ApiError> {
    statistics_templates::table
        .find(id)
        .select(TemplateRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("statistics template"))
}

/// The version of template `code` that applies to a period starting on `start`: the
/// latest whose `effective_from` is not after it.
pub fn template_for(
    conn: &mut DbConnection,
    code: &str,
    start: NaiveDate,
) -> Result<Option<TemplateRow>, ApiError> {
    Ok(statistics_templates::table
        .filter(statistics_templates::code.eq(code))
        .filter(statistics_templates::effective_from.le(start))
        .order(statistics_templates::effective_from.desc())
        .select(TemplateRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn revisions(conn: &mut DbConnection, report_id: &str) -> Result<Vec<RevisionRow>, ApiError> {
    Ok(statistics_report_revisions::table
        .filter(statistics_report_revisions::report_id.eq(report_id))
        .order(statistics_report_revisions::revision.asc())
        .select(RevisionRow::as_select())
        .load(conn)?)
}

/// The report as the API shows it, with its computed side.
pub fn dto(
    conn: &mut DbConnection,
    row: &ReportRow,
    template: &TemplateRow,
) -> Result<StatisticsReport, ApiError> {
    let definition = template.definition()?;
    let (start, end) = bounds(template.period_kind()?, &row.period)?;
    let sources = derive::sources(conn, &row.unit_id, start, end, &definition)?;
    let figures = row.figures()?;
    let computed = compute(&definition, &figures, &sources);
    to_dto(row, template, figures, computed)
}

pub fn to_dto(
    row: &ReportRow,
    template: &TemplateRow,
    values: Figures,
    computed: Computed,
) -> Result<StatisticsReport, ApiError> {
    Ok(StatisticsReport {
        id: stored_uuid(&row.id)?,
        unit_id: stored_uuid(&row.unit_id)?,
        template_id: stored_uuid(&row.template_id)?,
        template_code: row.template_code.clone(),
        template_version: template.version_number,
        period_kind: template.period_kind()?,
        period: row.period.clone(),
        due_date: row.due_date,
        status: row.status()?,
        timeliness: row.timeliness(time::today()),
        values,
        derived: computed.derived,
        differences: computed.differences,
        flagged: computed.flagged,
        explanation: row.explanation.clone(),
        return_comment: row.return_comment.clone(),
        returned_fields: serde_json::from_str(&row.returned_fields).unwrap_or_default(),
        revision: row.revision,
        correction_reason: row.correction_reason.clone(),
        first_submitted_at: row.first_submitted_at.map(time::to_utc),
        submitted_at: row.submitted_at.map(time::to_utc),
        accepted_at: row.accepted_at.map(time::to_utc),
        version: row.version,
        created_at: time::to_utc(row.created_at),
        updated_at: time::to_utc(row.updated_at),
    })
}

/// Keeps the report's current figures as revision `row.revision`.
pub fn keep_revision(
    conn: &mut DbConnection,
    row: &ReportRow,
    action: &str,
    derived: &Figures,
    reason: Option<String>,
    principal: &crate::auth::Principal,
) -> Result<(), ApiError> {
    diesel::insert_into(statistics_report_revisions::table)
        .values(&RevisionRow {
            id: time::new_id(),
            report_id: row.id.clone(),
            revision: row.revision,
            action: action.to_string(),
            figures: row.figures.clone(),
            derived: serde_json::to_string(derived).map_err(ApiError::internal)?,
            explanation: row.explanation.clone(),
            reason,
            recorded_by: Some(principal.id.to_string()),
            recorded_by_name: principal.name.clone(),
            recorded_at: time::now(),
        })
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::statistics::{Derivation, TemplateColumn, TemplateSection};

    fn column(key: &str, kind: ColumnKind) -> TemplateColumn {
        TemplateColumn {
            key: key.into(),
            label: key.into(),
            description: String::new(),
            unit: "宗".into(),
            kind,
            derived: None,
            decimals: 0,
            at_most: None,
            numerator: None,
            denominator: None,
        }
    }

    fn definition() -> TemplateDefinition {
        let mut normal = column("normal", ColumnKind::Manual);
        normal.derived = Some(Derivation::Decisions);
        let mut amount = column("amount", ColumnKind::Manual);
        amount.derived = Some(Derivation::PenaltyAmount);
        amount.decimals = 2;
        let mut closed = column("closed", ColumnKind::Manual);
        closed.at_most = Some("filed".into());
        let mut rate = column("rate", ColumnKind::Ratio);
        rate.numerator = Some("closed".into());
        rate.denominator = Some("filed".into());
        TemplateDefinition {
            sections: vec![TemplateSection {
                title: "案件".into(),
                columns: vec![
                    column("filed", ColumnKind::Manual),
                    closed,
                    rate,
                    normal,
                    amount,
                ],
            }],
            due_working_day: 5,
            tolerance_percent: 10.0,
            severity_order: vec![],
        }
    }

    #[test]
    fn figures_are_checked_against_the_template() {
        let d = definition();
        let figures: Figures = [
            ("filed", 3.0),
            ("closed", 4.0),
            ("rate", 1.0),
            ("nope", 1.0),
            ("normal", 1.5),
            ("amount", 1.234),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let codes: Vec<(String, String)> = check_figures(&d, &figures, true)
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        for expected in [
            ("values.closed", "exceeds_figure"),
            ("values.rate", "computed_figure"),
            ("values.nope", "unknown_figure"),
            ("values.normal", "whole_number"),
            ("values.amount", "decimals"),
        ] {
            assert!(
                codes.contains(&(expected.0.to_string(), expected.1.to_string())),
                "{expected:?} in {codes:?}"
            );
        }
        let missing = check_figures(&d, &Figures::new(), true);
        assert_eq!(
            missing.len(),
            4,
            "four manual columns are required: {missing:?}"
        );
        assert!(check_figures(&d, &Figures::new(), false).is_empty());
    }

    #[test]
    fn differences_beyond_the_tolerance_flag_the_report() {
        let d = definition();
        let mut sources = derive::Sources::default();
        sources.set(Derivation::Decisions, 20.0);
        sources.set(Derivation::PenaltyAmount, 1000.0);
        let within: Figures = [
            ("normal", 22.0),
            ("amount", 1000.0),
            ("filed", 4.0),
            ("closed", 1.0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let c = compute(&d, &within, &sources);
        assert!(!c.flagged, "2 of 20 is within 10 %");
        assert_eq!(c.differences.len(), 1);
        assert_eq!(c.derived.get("rate"), Some(&25.0));
        let mut beyond = within.clone();
        beyond.insert("amount".into(), 1200.5);
        let c = compute(&d, &beyond, &sources);
        assert!(c.flagged);
        let diff = c.differences.iter().find(|x| x.column == "amount").unwrap();
        assert_eq!(diff.difference, 200.5);
        assert!(diff.beyond_tolerance);
    }
}
