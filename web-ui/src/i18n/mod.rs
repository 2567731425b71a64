//! User-facing text. Every string the SPA shows lives in one table per locale:
//! [`zh::ZH`] (Simplified Chinese, the default) and [`en::EN`]. Components read the
//! table of the current language from the [`I18n`] context.

mod en;
mod zh;

use api_types::audit::{AuditAction, ResourceKind};
use api_types::catalog::{AdjustmentKind, AdjustmentReason, PowerCategory};
use api_types::disclosure::{DisclosureStatus, ExecutionStatus, PartyKind, Timeliness};
use api_types::plans::{ItemKind, NoticeStatus, ProgressStatus, ReportStatus, TodoKind};
use api_types::units::UnitKind;
use api_types::{Permission, Role};
use yew::prelude::*;

use crate::services::storage;

/// The languages of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

const LANG_KEY: &str = "enforcement.lang";

impl Lang {
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &zh::ZH,
            Lang::En => &en::EN,
        }
    }

    /// BCP 47 tag for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The stored choice; Chinese when nothing (or something unknown) is stored.
    pub fn load() -> Lang {
        match storage::get(LANG_KEY).as_deref() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    pub fn store(self) {
        storage::set(
            LANG_KEY,
            match self {
                Lang::Zh => "zh",
                Lang::En => "en",
            },
        );
    }

    /// Puts the language on the document's `lang` attribute.
    pub fn apply_to_document(self) {
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", self.html_lang());
        }
    }
}

/// The language context: the current language and a way to change it.
#[derive(Clone, PartialEq)]
pub struct I18n {
    pub lang: Lang,
    pub set_lang: Callback<Lang>,
}

impl I18n {
    pub fn t(&self) -> &'static Texts {
        self.lang.texts()
    }
}

/// The current language and its texts (Chinese outside a provider).
#[hook]
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n {
        lang: Lang::Zh,
        set_lang: Callback::noop(),
    })
}

/// Every user-facing string of one locale. Parameterised messages are functions.
pub struct Texts {
    // Shell
    pub app_name: &'static str,
    pub app_subtitle: &'static str,
    pub skip_to_content: &'static str,
    /// Between items of a list (role names).
    pub list_sep: &'static str,
    /// Between a greeting and a name.
    pub greeting_sep: &'static str,
    /// Label of the button that switches to the *other* language.
    pub switch_lang: &'static str,
    pub switch_lang_hint: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub menu: &'static str,
    pub main_nav: &'static str,
    pub nav_home: &'static str,
    pub nav_group_work: &'static str,
    pub nav_group_system: &'static str,
    pub user_menu: &'static str,
    pub logout: &'static str,
    pub logout_title: &'static str,
    pub logout_body: &'static str,
    pub signed_out: &'static str,
    pub confirm: &'static str,
    pub cancel: &'static str,
    pub close: &'static str,
    pub role: fn(Role) -> &'static str,
    pub unit_kind: fn(UnitKind) -> &'static str,
    pub unit_kind_short: fn(UnitKind) -> &'static str,

    // Capabilities: (name, one-line description)
    pub cap_tasks: (&'static str, &'static str),
    pub cap_statistics: (&'static str, &'static str),
    pub cap_training: (&'static str, &'static str),
    pub cap_cases: (&'static str, &'static str),
    pub cap_quizzes: (&'static str, &'static str),
    pub cap_discretion: (&'static str, &'static str),
    pub cap_disclosure: (&'static str, &'static str),
    pub cap_powers: (&'static str, &'static str),
    pub cap_assessment: (&'static str, &'static str),
    pub cap_demonstration: (&'static str, &'static str),
    pub cap_units: (&'static str, &'static str),
    pub length_limit: fn(Option<i64>, Option<i64>) -> String,
    pub range_limit: fn(Option<i64>, Option<i64>) -> String,
    pub cap_service_accounts: (&'static str, &'static str),
    pub sa_list: &'static str,
    pub sa_new: &'static str,
    pub sa_edit: &'static str,
    pub sa_client_id: &'static str,
    pub sa_client_secret: &'static str,
    pub sa_grants: &'static str,
    pub sa_last_used: &'static str,
    pub sa_description: &'static str,
    pub sa_name_hint: &'static str,
    pub sa_unit_hint: &'static str,
    pub sa_created: &'static str,
    pub sa_rotate: &'static str,
    pub sa_rotate_confirm: &'static str,
    pub sa_secret_title: &'static str,
    pub sa_secret_once: &'static str,
    pub sa_copy: &'static str,
    pub sa_copied: &'static str,
    pub sa_secret_done: &'static str,
    pub permission: fn(Permission) -> &'static str,
    pub account_title: &'static str,
    pub account_intro: &'static str,
    pub account_who: &'static str,
    pub account_change_password: &'static str,
    pub account_current_password: &'static str,
    pub account_password_hint: &'static str,
    pub account_password_changed: &'static str,
    pub account_sessions: &'static str,
    pub account_this_session: &'static str,
    pub account_signed_in_at: fn(&str) -> String,
    pub account_end_others: &'static str,
    pub account_end_others_confirm: &'static str,
    pub account_sessions_ended: fn(u64) -> String,
    pub units_add_child: &'static str,
    pub units_edit: &'static str,
    pub units_add_under: fn(&str) -> String,
    pub units_code_hint: &'static str,
    pub units_name_en: &'static str,
    pub units_created: &'static str,
    pub cap_users: (&'static str, &'static str),
    pub col_login: &'static str,
    pub col_person_name: &'static str,
    pub col_roles: &'static str,
    pub col_last_login: &'static str,
    pub col_actions: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub choose: &'static str,
    pub users_list: &'static str,
    pub users_new: &'static str,
    pub users_edit: &'static str,
    pub users_q_placeholder: &'static str,
    pub users_login_hint: &'static str,
    pub users_initial_password: &'static str,
    pub users_password_hint: &'static str,
    pub users_new_password: &'static str,
    pub users_password_again: &'static str,
    pub passwords_differ: &'static str,
    pub users_created: &'static str,
    pub users_reset_password: &'static str,
    pub users_reset_intro: &'static str,
    pub users_password_set: &'static str,
    pub users_disable: &'static str,
    pub users_disable_confirm: &'static str,
    pub users_enable: &'static str,
    pub users_disabled: &'static str,
    pub users_enabled: &'static str,
    pub cap_audit: (&'static str, &'static str),
    pub coming_soon: &'static str,
    /// The same, short, for the navigation.
    pub coming_soon_short: &'static str,
    pub coming_soon_body: &'static str,
    pub back_home: &'static str,

    // Login
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub field_login: &'static str,
    pub field_password: &'static str,
    pub login_submit: &'static str,
    pub login_busy: &'static str,
    pub login_failed: &'static str,
    pub login_throttled: fn(u64) -> String,
    pub session_expired: &'static str,
    pub first_run: &'static str,
    pub first_run_link: &'static str,

    // Setup (bootstrap)
    pub setup_title: &'static str,
    pub setup_intro: &'static str,
    pub setup_token: &'static str,
    pub setup_token_hint: &'static str,
    pub setup_login_hint: &'static str,
    pub setup_name: &'static str,
    pub setup_password_hint: &'static str,
    pub setup_password_confirm: &'static str,
    pub setup_password_mismatch: &'static str,
    pub setup_submit: &'static str,
    pub setup_busy: &'static str,
    pub setup_closed: &'static str,
    pub setup_bad_token: &'static str,
    pub back_to_login: &'static str,

    // Dashboard
    pub greeting_morning: &'static str,
    pub greeting_afternoon: &'static str,
    pub greeting_evening: &'static str,
    pub dashboard_title: &'static str,
    pub dashboard_unit: &'static str,
    pub dashboard_roles: &'static str,
    pub quick_links: &'static str,
    /// Today's date: year, month (1–12), day, weekday (0 = Sunday).
    pub today: fn(i32, u32, u32, u32) -> String,
    pub chart_units_by_kind: &'static str,
    pub units_total: fn(u64) -> String,

    // Units
    pub units_tree: &'static str,
    pub units_list: &'static str,
    pub expand: &'static str,
    pub collapse: &'static str,
    pub filter_kind: &'static str,
    pub filter_all: &'static str,
    pub filter_q: &'static str,
    pub filter_q_placeholder: &'static str,
    pub filter_active: &'static str,
    pub search: &'static str,
    pub reset: &'static str,
    pub col_code: &'static str,
    pub col_name: &'static str,
    pub col_kind: &'static str,
    pub col_status: &'static str,
    pub col_sort_order: &'static str,
    pub col_created: &'static str,
    pub status_active: &'static str,
    pub status_inactive: &'static str,

    // Audit
    pub audit_intro: &'static str,
    pub audit_verify: &'static str,
    pub audit_verifying: &'static str,
    pub audit_ok: fn(u64) -> String,
    pub audit_broken: fn(i64) -> String,
    pub audit_head: &'static str,
    pub audit_empty_chain: &'static str,
    pub col_id: &'static str,
    pub col_time: &'static str,
    pub col_actor: &'static str,
    pub col_action: &'static str,
    pub col_resource: &'static str,
    pub col_request: &'static str,
    pub filter_action: &'static str,
    pub filter_resource_type: &'static str,
    pub export_title: &'static str,
    pub export_intro: &'static str,
    pub export_what: &'static str,
    pub export_from: &'static str,
    pub export_to: &'static str,
    pub export_download: &'static str,
    pub export_running: &'static str,
    pub export_done: fn(u64) -> String,
    pub export_range_error: &'static str,
    pub export_incomplete: &'static str,
    pub export_resource: fn(api_types::exports::ExportResource) -> &'static str,

    // Tables
    pub table_total: fn(u64) -> String,
    pub table_page: fn(u32, u32) -> String,
    pub table_first: &'static str,
    pub table_prev: &'static str,
    pub table_next: &'static str,
    pub table_last: &'static str,
    pub table_per_page: &'static str,
    pub table_empty: &'static str,
    pub table_pagination: &'static str,
    pub sort_by: fn(&str) -> String,

    // Period picker
    pub period_year: &'static str,
    pub period_month: &'static str,
    pub period_quarter: &'static str,
    pub month_name: fn(u32) -> String,
    pub quarter_name: fn(u32) -> String,

    // Errors
    pub err_network: &'static str,
    pub err_unexpected: &'static str,
    pub err_forbidden: &'static str,
    pub err_not_found: &'static str,
    pub err_session_expired: &'static str,
    pub err_check_fields: &'static str,
    pub err_busy: fn(u64) -> String,
    pub err_server: &'static str,
    /// Localised message for a field error code, when there is one.
    pub field_error: fn(&str) -> Option<&'static str>,

    // Work plan: tabs, board
    pub tasks_tab_board: &'static str,
    pub tasks_tab_todo: &'static str,
    pub tasks_tab_report: &'static str,
    pub tasks_tab_notices: &'static str,
    pub task_number: fn(i32) -> String,
    pub board_title: &'static str,
    pub board_plan: &'static str,
    pub board_unit: &'static str,
    pub board_filter_unit: &'static str,
    pub board_legend: &'static str,
    pub board_state_overdue: &'static str,
    pub board_state_open: &'static str,
    pub board_state_done: &'static str,
    pub board_state_empty: &'static str,
    pub board_as_of: fn(&str) -> String,
    pub board_counts: fn(u32, u32, u32) -> String,
    pub board_last_report: &'static str,
    pub board_reports_submitted: fn(u32) -> String,
    pub board_reports_returned: fn(u32) -> String,
    pub board_notices_open: fn(u32, u32) -> String,
    pub board_flag_submitted: fn(u32) -> String,
    pub board_flag_returned: fn(u32) -> String,
    pub board_flag_notices: fn(u32) -> String,
    pub board_no_plan: &'static str,
    pub board_no_plan_hint: &'static str,
    pub board_import: &'static str,
    pub board_importing: &'static str,
    pub board_imported: fn(u32, u32) -> String,

    // Work plan: task detail
    pub task_content: &'static str,
    pub task_description: &'static str,
    pub task_goals: &'static str,
    pub task_lead: &'static str,
    pub task_responsible: &'static str,
    pub all_of_kind: fn(UnitKind) -> String,
    pub task_milestones: &'static str,
    pub task_no_milestones: &'static str,
    pub task_items: &'static str,
    pub task_no_items: &'static str,
    pub item_add: &'static str,
    pub item_title: &'static str,
    pub item_description: &'static str,
    pub item_save: &'static str,
    pub item_added: &'static str,
    pub item_mark_done: &'static str,
    pub item_marked_done: &'static str,
    pub task_reports: &'static str,
    pub task_no_reports: &'static str,
    pub deliverable: &'static str,
    pub col_milestone: &'static str,
    pub col_due: &'static str,
    pub col_owners: &'static str,
    pub col_unit: &'static str,
    pub col_item: &'static str,
    pub col_task: &'static str,
    pub progress_status: fn(ProgressStatus) -> &'static str,
    pub report_status: fn(ReportStatus) -> &'static str,
    pub notice_status: fn(NoticeStatus) -> &'static str,
    pub item_kind: fn(ItemKind) -> &'static str,
    /// The server itself as the actor of an audit event.
    pub actor_system: &'static str,
    pub audit_action: fn(AuditAction) -> &'static str,
    pub resource_kind: fn(ResourceKind) -> &'static str,
    pub report_action: fn(&str) -> &'static str,
    pub report_period: fn(&str) -> String,
    pub report_times_returned: fn(i32) -> String,
    pub report_history: &'static str,
    pub report_acknowledge: &'static str,
    pub report_acknowledged: &'static str,
    pub report_return: &'static str,
    pub report_return_comment_label: &'static str,
    pub report_return_confirm: &'static str,
    pub report_returned_done: &'static str,
    pub report_return_comment: &'static str,
    pub report_resubmit: &'static str,
    pub report_resubmit_confirm: &'static str,
    pub report_resubmitted: &'static str,
    pub report_forbidden_hint: &'static str,

    // Work plan: report form
    pub report_new: &'static str,
    pub report_intro: &'static str,
    pub report_for_unit: fn(&str) -> String,
    pub report_not_allowed: &'static str,
    pub report_choose_task: &'static str,
    pub report_whole_task: &'static str,
    pub report_milestone_hint: &'static str,
    pub report_period_kind: &'static str,
    pub report_period_label: &'static str,
    pub report_narrative: &'static str,
    pub report_narrative_hint: &'static str,
    pub report_percent: &'static str,
    pub report_percent_hint: &'static str,
    pub report_percent_invalid: &'static str,
    pub report_links: &'static str,
    pub report_links_hint: &'static str,
    pub report_submit: &'static str,
    pub report_submitted: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,

    // Work plan: to-do
    pub todo_intro: &'static str,
    pub todo_empty: &'static str,
    pub todo_summary: fn(usize, usize) -> String,
    pub todo_kind: fn(TodoKind) -> &'static str,
    pub todo_action: fn(TodoKind) -> &'static str,

    // Work plan: notices
    pub notice_intro: &'static str,
    pub notice_inbox: &'static str,
    pub notice_issued_by_us: &'static str,
    pub notice_issue_hint: &'static str,
    pub notice_none: &'static str,
    pub notice_issue: &'static str,
    pub notice_subject: &'static str,
    pub notice_body: &'static str,
    pub notice_deadline: &'static str,
    pub notice_send: &'static str,
    pub notice_issued: &'static str,
    pub notice_default_subject: fn(&str) -> String,
    pub notice_default_body: fn(&str, &str) -> String,
    pub notice_to: &'static str,
    pub notice_from: &'static str,
    pub notice_issued_at: &'static str,
    pub notice_reply: &'static str,
    pub notice_reply_label: &'static str,
    pub notice_reply_send: &'static str,
    pub notice_replied: &'static str,
    pub notice_reply_overdue: &'static str,
    pub notice_close: &'static str,
    pub notice_close_confirm: &'static str,
    pub notice_closed: &'static str,
    pub notice_view_task: &'static str,

    // Disclosure
    pub disc_tab_records: &'static str,
    pub disc_tab_new: &'static str,
    pub disc_tab_completeness: &'static str,
    pub disc_tab_public: &'static str,
    pub disc_no_private: &'static str,
    pub disc_new: &'static str,
    pub disc_new_intro: &'static str,
    pub disclosure_status: fn(DisclosureStatus) -> &'static str,
    pub timeliness: fn(Timeliness) -> &'static str,
    pub party_kind: fn(PartyKind) -> &'static str,
    pub execution_status: fn(ExecutionStatus) -> &'static str,
    pub disc_document_number: &'static str,
    pub disc_document_number_hint: &'static str,
    pub disc_cause: &'static str,
    pub disc_party: &'static str,
    pub disc_party_kind: &'static str,
    pub disc_party_name: &'static str,
    pub disc_credit_code: &'static str,
    pub disc_id_number: &'static str,
    pub disc_id_number_hint: &'static str,
    pub disc_legal_basis: &'static str,
    pub disc_fine: &'static str,
    pub disc_fine_yuan: &'static str,
    pub disc_confiscated: &'static str,
    pub disc_confiscated_yuan: &'static str,
    pub disc_fine_short: &'static str,
    pub disc_confiscated_short: &'static str,
    pub disc_penalty: &'static str,
    pub disc_other_measures: &'static str,
    pub disc_other_measures_hint: &'static str,
    pub disc_execution: &'static str,
    pub disc_decision_date: &'static str,
    pub disc_publication_date: &'static str,
    pub disc_deadline: &'static str,
    pub disc_deadline_hint: fn(&str) -> String,
    pub disc_issuing_unit: &'static str,
    pub disc_power_item: &'static str,
    pub disc_no_power_item: &'static str,
    pub disc_tier: &'static str,
    pub disc_choose_tier: &'static str,
    pub disc_no_benchmark: &'static str,
    pub disc_allowed_range: &'static str,
    pub disc_explanation: &'static str,
    pub disc_no_penalty: &'static str,
    pub disc_no_fine: &'static str,
    pub disc_at_least: fn(&str) -> String,
    pub disc_at_most: fn(&str) -> String,
    pub disc_out_of_range: fn(&str, &str, &str) -> String,
    pub disc_justification: &'static str,
    pub disc_justification_hint: &'static str,
    pub disc_amount_invalid: &'static str,
    pub disc_section_case: &'static str,
    pub disc_section_party: &'static str,
    pub disc_section_penalty: &'static str,
    pub disc_save_draft: &'static str,
    pub disc_edit: &'static str,
    pub disc_correct: &'static str,
    pub disc_correct_save: &'static str,
    pub disc_correct_reason: &'static str,
    pub disc_publish: &'static str,
    pub disc_publish_confirm: &'static str,
    pub disc_published: &'static str,
    pub disc_withdraw: &'static str,
    pub disc_withdraw_reason: &'static str,
    pub disc_withdraw_hint: &'static str,
    pub disc_withdrawn: &'static str,
    pub disc_record: &'static str,
    pub disc_revisions: &'static str,
    pub disc_revision: &'static str,
    pub disc_revision_no: fn(i32) -> String,
    pub disc_no_revisions: &'static str,
    pub disc_first_publication: &'static str,
    pub disc_view_public: &'static str,
    pub disc_flag_out_of_range: &'static str,
    pub disc_flag_calendar: &'static str,
    pub disc_corrected: &'static str,
    pub disc_month: &'static str,
    pub disc_q_placeholder: &'static str,
    pub disc_completeness_intro: &'static str,
    pub disc_completeness_empty: &'static str,
    pub disc_completeness_chart: fn(&str) -> String,
    pub disc_decided: &'static str,
    pub disc_published_count: &'static str,
    pub disc_on_time: &'static str,
    pub disc_late: &'static str,
    pub disc_overdue: &'static str,
    pub disc_completeness: &'static str,
    pub yuan: &'static str,
    pub back_to_list: &'static str,

    // Public pages
    pub public_portal: &'static str,
    pub pub_nav_disclosure: &'static str,
    pub pub_nav_powers: &'static str,
    pub pub_nav_discretion: &'static str,
    pub pub_to_workspace: &'static str,
    pub pub_disclosure_title: &'static str,
    pub pub_disclosure_intro: &'static str,
    pub pub_disclosure_list: &'static str,
    pub pub_feed: &'static str,
    pub pub_q_placeholder: &'static str,
    pub pub_privacy_note: &'static str,
    pub login_public_links: &'static str,

    // Power list
    pub power_intro: &'static str,
    pub power_list: &'static str,
    pub power_as_of: &'static str,
    pub power_name: &'static str,
    pub power_category_label: &'static str,
    pub power_category: fn(PowerCategory) -> &'static str,
    pub power_unit: &'static str,
    pub power_version: &'static str,
    pub power_q_placeholder: &'static str,
    pub power_history_of: fn(&str) -> String,
    pub adjustment_kind: fn(AdjustmentKind) -> &'static str,
    pub adjustment_reason: fn(AdjustmentReason) -> &'static str,
    pub power_diff: &'static str,
    pub power_diff_from: &'static str,
    pub power_diff_to: &'static str,
    pub power_diff_run: &'static str,
    pub power_diff_none: &'static str,
    pub power_added: &'static str,
    pub power_amended: &'static str,
    pub power_repealed: &'static str,
    pub power_field: fn(&str) -> String,
    pub power_adjust: &'static str,
    pub power_adjust_kind: &'static str,
    pub power_item: &'static str,
    pub power_choose_item: &'static str,
    pub power_choose_unit: &'static str,
    pub power_effective_from: &'static str,
    pub power_legal_basis: &'static str,
    pub power_responsibilities: &'static str,
    pub power_accountability: &'static str,
    pub power_reason: &'static str,
    pub power_reason_detail: &'static str,
    pub power_adjust_submit: &'static str,
    pub power_adjusted: fn(&str, i32) -> String,
    pub one_per_line: &'static str,

    // Discretion calculator
    pub calc_title: &'static str,
    pub calc_intro: &'static str,
    pub calc_form: &'static str,
    pub calc_date: &'static str,
    pub calc_choose_item: &'static str,
    pub calc_hint: &'static str,
    pub calc_benchmark: fn(i32, &str) -> String,
    pub calc_mitigating: &'static str,
    pub calc_aggravating: &'static str,
    pub calc_run: &'static str,
    pub calc_result: &'static str,

    // Errors
    pub err_stale: &'static str,
    pub err_conflict: &'static str,
    pub err_duplicate: &'static str,
    pub err_invalid_state: &'static str,
    /// Whether the API's (English) `detail` may be shown next to a localised message.
    pub shows_server_detail: bool,

    // 404
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,

    // Component showcase
    pub uikit_title: &'static str,
    pub uikit_intro: &'static str,
    pub uikit_dialog_open: &'static str,
    pub uikit_dialog_title: &'static str,
    pub uikit_dialog_body: &'static str,
    pub uikit_confirmed: &'static str,
    pub uikit_toast: &'static str,
    pub uikit_toast_text: &'static str,
    pub uikit_badges: &'static str,
    pub uikit_period: &'static str,
    pub uikit_selected: &'static str,
    pub uikit_line_chart: &'static str,
    pub uikit_series_a: &'static str,
    pub uikit_series_b: &'static str,
    pub uikit_form: &'static str,
    pub uikit_field: &'static str,
    pub uikit_check: &'static str,
    pub badge_draft: &'static str,
    pub badge_in_progress: &'static str,
    pub badge_done: &'static str,
    pub badge_overdue: &'static str,
}
