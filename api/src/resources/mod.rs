//! One module per resource: its rows, queries, rules and handlers live together.

pub mod assessment;
pub mod attachments;
pub mod audit_events;
pub mod auth;
pub mod calendar;
pub mod case_outcomes;
pub mod cases;
pub mod contests;
pub mod degrees;
pub mod demonstration;
pub mod disclosure;
pub mod discretion;
pub mod exports;
pub mod health;
pub mod legal_archive;
pub mod major_decisions;
pub mod notifications;
pub mod plans;
pub mod power_list;
pub mod progress_reports;
pub mod question_bank;
pub mod quizzes;
pub mod risk_assessments;
pub mod service_accounts;
pub mod statistics;
pub mod supervision;
pub mod training;
pub mod units;
pub mod users;
pub mod webhooks;

/// Registers every resource's routes under `/api/v1`.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    health::configure(cfg);
    auth::configure(cfg);
    units::configure(cfg);
    users::configure(cfg);
    service_accounts::configure(cfg);
    audit_events::configure(cfg);
    plans::configure(cfg);
    progress_reports::configure(cfg);
    supervision::configure(cfg);
    power_list::configure(cfg);
    discretion::configure(cfg);
    calendar::configure(cfg);
    disclosure::configure(cfg);
    exports::configure(cfg);
    notifications::configure(cfg);
    webhooks::configure(cfg);
    attachments::configure(cfg);
    statistics::configure(cfg);
    major_decisions::configure(cfg);
    risk_assessments::configure(cfg);
    question_bank::configure(cfg);
    quizzes::configure(cfg);
    training::configure(cfg);
    contests::configure(cfg);
    degrees::configure(cfg);
    cases::configure(cfg);
    case_outcomes::configure(cfg);
    assessment::configure(cfg);
    demonstration::configure(cfg);
    legal_archive::configure(cfg);
}
