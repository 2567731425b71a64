//! English (second locale).

use api_types::units::UnitKind;
use api_types::Role;

use super::Texts;

fn role(r: Role) -> &'static str {
    match r {
        Role::Admin => "Administrator",
        Role::Bureau => "Bureau leadership",
        Role::Section => "Bureau section",
        Role::County => "County bureau",
        Role::Officer => "Officer",
        Role::Auditor => "Auditor",
        Role::Integration => "External system",
    }
}

fn unit_kind(k: UnitKind) -> &'static str {
    match k {
        UnitKind::CityBureau => "City bureau",
        UnitKind::Section => "Section",
        UnitKind::CountyBureau => "County/district bureau",
        UnitKind::Brigade => "Brigade/branch",
    }
}

fn unit_kind_short(k: UnitKind) -> &'static str {
    match k {
        UnitKind::CityBureau => "City",
        UnitKind::Section => "Sections",
        UnitKind::CountyBureau => "Counties",
        UnitKind::Brigade => "Brigades",
    }
}

fn field_error(code: &str) -> Option<&'static str> {
    Some(match code {
        "required" => "Required",
        "blank" => "Must not be blank",
        "length" => "Has the wrong length",
        "range" => "Is out of range",
        "login" => "3–64 characters: a–z, 0–9, '.', '_' and '-'",
        "code" => "2–40 characters: A–Z, 0–9 and '-' (not at either end)",
        "password_length" => "Must be 10–128 characters",
        "password_strength" => "Must contain letters and digits",
        "incorrect" => "Is not correct",
        "unchanged" => "Must differ from the current password",
        "mismatch" => "The passwords do not match",
        "invalid_type" => "Has the wrong format",
        "period" => "Is not a valid period",
        _ => return None,
    })
}

pub static EN: Texts = Texts {
    app_name: "Enforcement Capability Platform",
    app_subtitle: "Municipal Urban Management Law Enforcement Bureau",
    list_sep: ", ",
    greeting_sep: ", ",
    skip_to_content: "Skip to main content",
    switch_lang: "中文",
    switch_lang_hint: "切换到中文",
    loading: "Loading…",
    retry: "Retry",
    menu: "Menu",
    main_nav: "Main navigation",
    nav_home: "Dashboard",
    nav_group_work: "Work",
    nav_group_system: "Administration",
    user_menu: "Signed-in user",
    logout: "Sign out",
    logout_title: "Sign out",
    logout_body: "Do you want to sign out?",
    signed_out: "You have signed out.",
    confirm: "OK",
    cancel: "Cancel",
    close: "Close",
    role,
    unit_kind,
    unit_kind_short,

    cap_tasks: ("Tasks & supervision", "Breakdown of the plan's tasks, progress reports and supervision"),
    cap_statistics: ("Monthly statistics", "Monthly enforcement figures reported by every unit"),
    cap_training: ("Training & events", "Training sessions, drills and competitions"),
    cap_cases: ("Typical cases", "Writing, reviewing and publishing typical cases"),
    cap_quizzes: ("Law quizzes", "Studying laws and regulations, online quizzes"),
    cap_discretion: ("Discretion benchmarks", "The administrative penalty discretion benchmark"),
    cap_disclosure: ("Penalty disclosure", "Publishing administrative penalty decisions"),
    cap_powers: ("Power & responsibility list", "Enforcement powers and responsibilities"),
    cap_assessment: ("Assessment", "Case file reviews and performance assessment"),
    cap_demonstration: ("Demonstration units", "Applying for, reviewing and naming demonstration units"),
    cap_units: ("Organisation", "The city bureau, its sections, county bureaus and brigades"),
    cap_audit: ("Audit", "Tamper-evident record of every change, with chain verification"),
    coming_soon: "Coming soon",
    coming_soon_short: "Soon",
    coming_soon_body: "This capability is being built. The finished ones are in the navigation.",
    back_home: "Back to the dashboard",

    login_title: "Sign in",
    login_intro: "Sign in with the account your unit gave you.",
    field_login: "Login",
    field_password: "Password",
    login_submit: "Sign in",
    login_busy: "Signing in…",
    login_failed: "The login or the password is incorrect.",
    login_throttled: |secs| format!("Too many attempts. Try again in {secs} seconds."),
    session_expired: "Your session has expired. Please sign in again.",
    first_run: "First time here?",
    first_run_link: "Set up the administrator",

    setup_title: "First-run setup",
    setup_intro: "While the system has no users, create the first administrator with the one-time bootstrap token. The server makes it on its first start; it works once.",
    setup_token: "Bootstrap token",
    setup_token_hint: "In data/bootstrap-token on the server, or BOOTSTRAP_TOKEN set at deployment",
    setup_login_hint: "3–64 characters: a–z, 0–9, '.', '_' and '-'",
    setup_name: "Name",
    setup_password_hint: "10–128 characters with letters and digits",
    setup_password_confirm: "Confirm password",
    setup_password_mismatch: "The passwords do not match",
    setup_submit: "Create administrator and sign in",
    setup_busy: "Creating…",
    setup_closed: "The system is already set up. Please sign in.",
    setup_bad_token: "The bootstrap token is incorrect.",
    back_to_login: "Back to sign in",

    greeting_morning: "Good morning",
    greeting_afternoon: "Good afternoon",
    greeting_evening: "Good evening",
    dashboard_title: "Dashboard",
    dashboard_unit: "Unit",
    dashboard_roles: "Roles",
    quick_links: "Quick links",
    today: |y, m, d, w| {
        let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ];
        format!(
            "Today is {}, {d} {} {y}",
            days.get(w as usize).copied().unwrap_or(""),
            months.get(m as usize - 1).copied().unwrap_or("")
        )
    },
    chart_units_by_kind: "Units by kind",
    units_total: |n| format!("{n} units in all"),

    units_tree: "Organisation tree",
    units_list: "All units",
    expand: "Expand",
    collapse: "Collapse",
    filter_kind: "Kind",
    filter_all: "All",
    filter_q: "Keyword",
    filter_q_placeholder: "Name, English name or code",
    filter_active: "Status",
    search: "Search",
    reset: "Reset",
    col_code: "Code",
    col_name: "Name",
    col_kind: "Kind",
    col_status: "Status",
    col_sort_order: "Order",
    col_created: "Created",
    status_active: "Active",
    status_inactive: "Inactive",

    audit_intro: "Every change is recorded in order and hash-chained, so any tampering can be detected.",
    audit_verify: "Verify the chain",
    audit_verifying: "Verifying…",
    audit_ok: |n| format!("Verified: {n} records checked, the chain is intact."),
    audit_broken: |id| format!("Verification failed: record {id} was altered or is missing."),
    audit_head: "Head",
    audit_empty_chain: "The audit trail is empty.",
    col_id: "No.",
    col_time: "Time",
    col_actor: "Actor roles",
    col_action: "Action",
    col_resource: "Resource",
    col_request: "Request id",
    filter_action: "Action",
    filter_resource_type: "Resource type",

    table_total: |n| format!("{n} items"),
    table_page: |p, n| format!("Page {p} of {n}"),
    table_first: "First",
    table_prev: "Previous",
    table_next: "Next",
    table_last: "Last",
    table_per_page: "Per page",
    table_empty: "Nothing to show",
    table_pagination: "Pagination",
    sort_by: |col| format!("Sort by {col}"),

    period_year: "Year",
    period_month: "Month",
    period_quarter: "Quarter",
    month_name: |m| {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ];
        names.get(m as usize - 1).copied().unwrap_or("?").to_string()
    },
    quarter_name: |q| format!("Q{q}"),

    err_network: "Cannot reach the server. Check the network and try again.",
    err_unexpected: "The server sent an answer this page does not understand.",
    err_forbidden: "You are not allowed to do this.",
    err_not_found: "The requested record does not exist.",
    err_session_expired: "Your session has expired. Please sign in again.",
    err_check_fields: "Please check the marked fields.",
    err_server: "The server failed. Please try again later.",
    field_error,

    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or was removed.",

    uikit_title: "UI components",
    uikit_intro: "The components every capability page shares.",
    uikit_dialog_open: "Open a confirm dialog",
    uikit_dialog_title: "Confirm",
    uikit_dialog_body: "Do you want to do this?",
    uikit_confirmed: "Confirmed",
    uikit_toast: "Show a toast",
    uikit_toast_text: "Saved",
    uikit_badges: "Status badges",
    uikit_period: "Period picker",
    uikit_selected: "Selected",
    uikit_line_chart: "Monthly trend",
    uikit_series_a: "Cases opened",
    uikit_series_b: "Cases closed",
    uikit_form: "Form validation",
    uikit_field: "Unit code",
    uikit_check: "Check",
    badge_draft: "Draft",
    badge_in_progress: "In progress",
    badge_done: "Done",
    badge_overdue: "Overdue",
};
