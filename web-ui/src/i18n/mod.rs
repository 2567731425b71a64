//! User-facing text. Every string the SPA shows lives in one table per locale:
//! [`zh::ZH`] (Simplified Chinese, the default) and [`en::EN`]. Components read the
//! table of the current language from the [`I18n`] context.

mod en;
mod zh;

use api_types::units::UnitKind;
use api_types::Role;
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
    pub err_server: &'static str,
    /// Localised message for a field error code, when there is one.
    pub field_error: fn(&str) -> Option<&'static str>,

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
