//! English (second locale).

use api_types::audit::{AuditAction, ResourceKind};
use api_types::catalog::{AdjustmentKind, AdjustmentReason, PowerCategory};
use api_types::disclosure::{DisclosureStatus, ExecutionStatus, PartyKind, Timeliness};
use api_types::plans::{ItemKind, NoticeStatus, ProgressStatus, ReportStatus, TodoKind};
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

fn progress_status(s: ProgressStatus) -> &'static str {
    match s {
        ProgressStatus::Pending => "Not started",
        ProgressStatus::InProgress => "In progress",
        ProgressStatus::Done => "Done",
        ProgressStatus::Overdue => "Overdue",
    }
}

fn report_status(s: ReportStatus) -> &'static str {
    match s {
        ReportStatus::Submitted => "Awaiting review",
        ReportStatus::Acknowledged => "Acknowledged",
        ReportStatus::Returned => "Returned",
    }
}

fn notice_status(s: NoticeStatus) -> &'static str {
    match s {
        NoticeStatus::Issued => "Awaiting reply",
        NoticeStatus::Replied => "Replied",
        NoticeStatus::Closed => "Closed",
    }
}

fn item_kind(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Required => "Required",
        ItemKind::SelfChosen => "Self-chosen",
    }
}

fn audit_action(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Create => "Create",
        AuditAction::Update => "Update",
        AuditAction::Login => "Sign in",
        AuditAction::Logout => "Sign out",
        AuditAction::Refresh => "Renew session",
        AuditAction::Revoke => "End session",
        AuditAction::ChangePassword => "Change password",
        AuditAction::ResetPassword => "Reset password",
        AuditAction::RotateSecret => "Rotate secret",
        AuditAction::IssueToken => "Issue token",
        AuditAction::Seed => "Seed data",
        AuditAction::ImportUnchanged => "Import (unchanged)",
        AuditAction::BatchUnchanged => "Batch import (unchanged)",
        AuditAction::Publish => "Publish",
        AuditAction::Correct => "Correct",
        AuditAction::Withdraw => "Withdraw",
        AuditAction::Acknowledge => "Acknowledge",
        AuditAction::Return => "Return",
        AuditAction::Resubmit => "Resubmit",
        AuditAction::Reply => "Reply",
        AuditAction::Close => "Close",
        AuditAction::Adjust => "Adjust",
        AuditAction::Export => "Export",
    }
}

fn resource_kind(k: ResourceKind) -> &'static str {
    match k {
        ResourceKind::User => "User",
        ResourceKind::Session => "Session",
        ResourceKind::Unit => "Unit",
        ResourceKind::Plan => "Plan",
        ResourceKind::Task => "Task",
        ResourceKind::Milestone => "Milestone",
        ResourceKind::ImplementationItem => "Implementation item",
        ResourceKind::ProgressReport => "Progress report",
        ResourceKind::SupervisionNotice => "Supervision notice",
        ResourceKind::ServiceAccount => "Service account",
        ResourceKind::WorkingCalendar => "Working calendar",
        ResourceKind::DisclosureRecord => "Disclosure record",
        ResourceKind::DiscretionBenchmark => "Discretion benchmark",
        ResourceKind::PowerItem => "Power item",
        ResourceKind::Export => "Export",
    }
}

fn report_action(a: &str) -> &'static str {
    match a {
        "submitted" => "Submitted",
        "resubmitted" => "Resubmitted",
        "acknowledged" => "Acknowledged",
        "returned" => "Returned",
        _ => "Handled",
    }
}

fn todo_kind(k: TodoKind) -> &'static str {
    match k {
        TodoKind::Milestone => "Milestone",
        TodoKind::Item => "Item",
        TodoKind::Notice => "Notice",
        TodoKind::ReturnedReport => "Returned report",
    }
}

fn todo_action(k: TodoKind) -> &'static str {
    match k {
        TodoKind::Milestone => "Report",
        TodoKind::Item => "View task",
        TodoKind::Notice => "Reply",
        TodoKind::ReturnedReport => "Revise",
    }
}

fn disclosure_status(s: DisclosureStatus) -> &'static str {
    match s {
        DisclosureStatus::Draft => "Draft",
        DisclosureStatus::Published => "Published",
        DisclosureStatus::Corrected => "Corrected",
        DisclosureStatus::Withdrawn => "Withdrawn",
    }
}

fn timeliness(t: Timeliness) -> &'static str {
    match t {
        Timeliness::OnTime => "On time",
        Timeliness::Late => "Published late",
        Timeliness::Overdue => "Overdue",
        Timeliness::Pending => "Due",
    }
}

fn party_kind(k: PartyKind) -> &'static str {
    match k {
        PartyKind::NaturalPerson => "Natural person",
        PartyKind::LegalPerson => "Legal person",
        PartyKind::OtherOrganization => "Other organisation",
    }
}

fn execution_status(s: ExecutionStatus) -> &'static str {
    match s {
        ExecutionStatus::NotExecuted => "Not executed",
        ExecutionStatus::PartiallyExecuted => "Partly executed",
        ExecutionStatus::Executed => "Executed",
        ExecutionStatus::Installments => "In instalments",
        ExecutionStatus::Deferred => "Deferred",
        ExecutionStatus::Enforced => "Enforced",
        ExecutionStatus::Terminated => "Terminated",
    }
}

fn power_category(c: PowerCategory) -> &'static str {
    match c {
        PowerCategory::AdministrativePenalty => "Penalty",
        PowerCategory::AdministrativeCoercion => "Coercion",
        PowerCategory::AdministrativeInspection => "Inspection",
        PowerCategory::AdministrativeLicense => "Licence",
        PowerCategory::AdministrativeConfirmation => "Confirmation",
        PowerCategory::Other => "Other",
    }
}

fn adjustment_kind(k: AdjustmentKind) -> &'static str {
    match k {
        AdjustmentKind::Add => "Add",
        AdjustmentKind::Amend => "Amend",
        AdjustmentKind::Repeal => "Repeal",
    }
}

fn adjustment_reason(r: AdjustmentReason) -> &'static str {
    match r {
        AdjustmentReason::LawRevised => "Law revised",
        AdjustmentReason::LawRepealed => "Law repealed",
        AdjustmentReason::LawEnacted => "New law in force",
        AdjustmentReason::FunctionTransferred => "Function transferred",
        AdjustmentReason::OrganisationChanged => "Organisation changed",
        AdjustmentReason::Correction => "Correction",
        AdjustmentReason::InitialListing => "Initial listing",
        AdjustmentReason::Other => "Other",
    }
}

fn power_field(f: &str) -> String {
    match f {
        "name" => "name",
        "category" => "category",
        "legal_basis" => "legal basis",
        "responsible_unit_id" => "unit",
        "responsibility_items" => "duties",
        "accountability" => "accountability",
        other => return other.to_string(),
    }
    .to_string()
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
    export_title: "Data export",
    export_intro: "Exports one kind of record as an NDJSON file: one record a line, as the API returns it; the last line is a manifest with the count, a SHA-256 checksum and the audit chain's head at export time. Every export is recorded in the audit trail. For large volumes, let the integrating system call the export endpoint directly.",
    export_what: "Records",
    export_from: "Changed from",
    export_to: "Changed until (inclusive)",
    export_download: "Export",
    export_running: "Exporting…",
    export_done: |n| format!("{n} records exported."),
    export_range_error: "The end date cannot be before the start date",
    export_incomplete: "The export did not complete (the transfer was cut short); please retry.",
    export_resource: |r| {
        use api_types::exports::ExportResource as R;
        match r {
            R::AuditEvents => "Audit events",
            R::Units => "Units",
            R::Users => "User accounts",
            R::Tasks => "Tasks",
            R::Milestones => "Milestones",
            R::ImplementationItems => "Implementation items",
            R::ProgressReports => "Progress reports",
            R::SupervisionNotices => "Supervision notices",
            R::DisclosureRecords => "Penalty disclosures",
            R::PowerAdjustments => "Power list adjustments",
        }
    },

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
    err_busy: |secs| format!("The server is busy; retry in {secs} seconds."),
    err_server: "The server failed. Please try again later.",
    field_error,

    tasks_tab_board: "Supervision board",
    tasks_tab_todo: "My unit's to-do",
    tasks_tab_report: "Report progress",
    tasks_tab_notices: "Supervision notices",
    task_number: |n| format!("Task {n}"),
    board_title: "Tasks × units",
    board_plan: "Work plan",
    board_unit: "Unit",
    board_filter_unit: "Filter by unit",
    board_legend: "Legend",
    board_state_overdue: "Overdue work",
    board_state_open: "Open work",
    board_state_done: "All done",
    board_state_empty: "Nothing due",
    board_as_of: |d| format!("Statuses as of {d}"),
    board_counts: |d, o, x| format!("{d} done, {o} open, {x} overdue"),
    board_last_report: "last report ",
    board_reports_submitted: |n| format!("{n} report(s) awaiting review"),
    board_reports_returned: |n| format!("{n} report(s) returned"),
    board_notices_open: |n, x| format!("{n} open notice(s), {x} unanswered past the deadline"),
    board_flag_submitted: |n| format!("review {n}"),
    board_flag_returned: |n| format!("returned {n}"),
    board_flag_notices: |n| format!("notices {n}"),
    board_no_plan: "No work plan has been imported yet.",
    board_no_plan_hint: "Ask the city bureau's supervision staff to import the work plan.",
    board_import: "Import the 2022 work plan template",
    board_importing: "Importing…",
    board_imported: |tasks, ms| format!("Imported: {tasks} tasks and {ms} milestones added."),

    task_content: "The task",
    task_description: "What is required",
    task_goals: "Goals",
    task_lead: "Lead units",
    task_responsible: "Responsible units",
    all_of_kind: |k| format!("every {}", unit_kind(k).to_lowercase()),
    task_milestones: "Milestones",
    task_no_milestones: "This task has no milestones.",
    task_items: "Implementation items",
    task_no_items: "No implementation items yet.",
    item_add: "Add an action of my unit",
    item_title: "Action",
    item_description: "How it is done (optional)",
    item_save: "Save action",
    item_added: "Action added.",
    item_mark_done: "Mark done",
    item_marked_done: "Marked as done.",
    task_reports: "Progress reports",
    task_no_reports: "No progress reports yet.",
    deliverable: "Deliverable: ",
    col_milestone: "Milestone",
    col_due: "Due",
    col_owners: "Per unit",
    col_unit: "Unit",
    col_item: "Item",
    col_task: "Task",
    progress_status,
    report_status,
    notice_status,
    item_kind,
    actor_system: "System",
    audit_action,
    resource_kind,
    report_action,
    report_period: |p| format!("Period {p}"),
    report_times_returned: |n| format!("returned {n}×"),
    report_history: "History",
    report_acknowledge: "Acknowledge",
    report_acknowledged: "Report acknowledged.",
    report_return: "Return",
    report_return_comment_label: "Why it is returned",
    report_return_confirm: "Return the report",
    report_returned_done: "Report returned.",
    report_return_comment: "Returned: ",
    report_resubmit: "Revise and resubmit",
    report_resubmit_confirm: "Resubmit",
    report_resubmitted: "Report resubmitted.",
    report_forbidden_hint: " (only the task's lead units or the city bureau review reports)",

    report_new: "Report progress",
    report_intro: "Your unit reports on a task or one of its milestones; the lead unit reviews it.",
    report_for_unit: |u| format!("Reporting unit: {u}"),
    report_not_allowed: "Your unit does not report progress.",
    report_choose_task: "Choose a task",
    report_whole_task: "The whole task (no milestone)",
    report_milestone_hint: "Milestones your unit owns",
    report_period_kind: "Period type",
    report_period_label: "Period",
    report_narrative: "Progress",
    report_narrative_hint: "What was done, what it achieved, what is left",
    report_percent: "Percent complete",
    report_percent_hint: "0–100; 100 means the milestone is done",
    report_percent_invalid: "Enter a whole number from 0 to 100",
    report_links: "Evidence links",
    report_links_hint: "One a line, starting with http(s):// or /",
    report_submit: "Submit the report",
    report_submitted: "Progress report submitted.",
    saving: "Saving…",
    saved: "Saved.",

    todo_intro: "Your unit's open work in the current plan, soonest due first.",
    todo_empty: "Nothing to do for your unit.",
    todo_summary: |n, x| format!("{n} open, {x} of them overdue."),
    todo_kind,
    todo_action,

    notice_intro: "Lead units press units about overdue work; units reply by the deadline.",
    notice_inbox: "Notices to my unit",
    notice_issued_by_us: "Notices my unit issued",
    notice_issue_hint: "Issue a notice from a task's page, next to an overdue unit.",
    notice_none: "No notices.",
    notice_issue: "Press",
    notice_subject: "Subject",
    notice_body: "Message",
    notice_deadline: "Reply by",
    notice_send: "Send the notice",
    notice_issued: "Notice sent.",
    notice_default_subject: |m| format!("Overdue: {m}"),
    notice_default_body: |u, m| format!("{u}: “{m}” is past its due date. Please complete it and reply by the deadline with the progress and a completion date."),
    notice_to: "To",
    notice_from: "From",
    notice_issued_at: "Issued",
    notice_reply: "Reply",
    notice_reply_label: "Reply: ",
    notice_reply_send: "Send the reply",
    notice_replied: "Reply sent.",
    notice_reply_overdue: "Reply overdue",
    notice_close: "Close",
    notice_close_confirm: "Close this notice? It cannot be answered afterwards.",
    notice_closed: "Notice closed.",
    notice_view_task: "View the task",

    disc_tab_records: "Records",
    disc_tab_new: "Enter a decision",
    disc_tab_completeness: "Monthly completeness",
    disc_tab_public: "Public view",
    disc_no_private: "You may not read the units' records; published decisions are on the public page.",
    disc_new: "Enter a decision",
    disc_new_intro: "Decisions are published within 7 working days. Save a draft, check it, then publish.",
    disclosure_status,
    timeliness,
    party_kind,
    execution_status,
    disc_document_number: "Decision number",
    disc_document_number_hint: "e.g. 新城管罚决字〔2022〕第15号",
    disc_cause: "Cause",
    disc_party: "Party",
    disc_party_kind: "Party type",
    disc_party_name: "Party name",
    disc_credit_code: "Unified social credit code",
    disc_id_number: "ID number",
    disc_id_number_hint: "Kept internal, never published",
    disc_legal_basis: "Legal basis",
    disc_fine: "Fine",
    disc_fine_yuan: "Fine (yuan)",
    disc_confiscated: "Confiscated",
    disc_confiscated_yuan: "Confiscated (yuan)",
    disc_fine_short: "fine ",
    disc_confiscated_short: "confiscated ",
    disc_penalty: "Penalty",
    disc_other_measures: "Other measures",
    disc_other_measures_hint: "e.g. warning, ordered to correct",
    disc_execution: "Execution",
    disc_decision_date: "Decided on",
    disc_publication_date: "Published on",
    disc_deadline: "Publish by",
    disc_deadline_hint: |d| format!("On time until {d} (7 working days)"),
    disc_issuing_unit: "Issuing unit",
    disc_power_item: "Power (from the power list)",
    disc_no_power_item: "No power item",
    disc_tier: "Discretion tier",
    disc_choose_tier: "Choose a tier",
    disc_no_benchmark: "No discretion benchmark of this power is in force on that day.",
    disc_allowed_range: "Allowed fine: ",
    disc_explanation: "Reasoning",
    disc_no_penalty: "No penalty",
    disc_no_fine: "No fine",
    disc_at_least: |v| format!("at least {v}"),
    disc_at_most: |v| format!("at most {v}"),
    disc_out_of_range: |fine, tier, range| format!("A fine of {fine} lies outside the range of tier “{tier}” ({range}): give the reason below to save it."),
    disc_justification: "Why the fine is outside the range",
    disc_justification_hint: "Kept on record and flagged for review",
    disc_amount_invalid: "Enter an amount in yuan with at most two decimals",
    disc_section_case: "Case",
    disc_section_party: "Party",
    disc_section_penalty: "Penalty",
    disc_save_draft: "Save the draft",
    disc_edit: "Edit the draft",
    disc_correct: "Correct",
    disc_correct_save: "Save the correction",
    disc_correct_reason: "Reason for the correction",
    disc_publish: "Publish",
    disc_publish_confirm: "Publish now",
    disc_published: "Published: the public can see it now.",
    disc_withdraw: "Withdraw",
    disc_withdraw_reason: "Reason for withdrawal",
    disc_withdraw_hint: "e.g. revoked on administrative reconsideration",
    disc_withdrawn: "Withdrawn.",
    disc_record: "The decision",
    disc_revisions: "Published revisions",
    disc_revision: "Revision",
    disc_revision_no: |n| format!("revision {n}"),
    disc_no_revisions: "Not published yet.",
    disc_first_publication: "First publication",
    disc_view_public: "View the public page",
    disc_flag_out_of_range: "Outside the range",
    disc_flag_calendar: "Calendar incomplete",
    disc_corrected: "Corrected",
    disc_month: "Month of decision",
    disc_q_placeholder: "Number, cause or party",
    disc_completeness_intro: "Per unit: how many of the month's decisions are published, on time or late.",
    disc_completeness_empty: "No decisions in that month.",
    disc_completeness_chart: |m| format!("Completeness by unit, {m} (%)"),
    disc_decided: "Decided",
    disc_published_count: "Published",
    disc_on_time: "On time",
    disc_late: "Late",
    disc_overdue: "Overdue",
    disc_completeness: "Completeness",
    yuan: " yuan",
    back_to_list: "Back to the list",

    public_portal: "Public information",
    pub_nav_disclosure: "Penalty decisions",
    pub_nav_powers: "Powers & duties",
    pub_nav_discretion: "Discretion calculator",
    pub_to_workspace: "Workspace",
    pub_disclosure_title: "Administrative penalty decisions",
    pub_disclosure_intro: "Penalty decisions of the city's urban-management enforcement units, published by law.",
    pub_disclosure_list: "Published decisions",
    pub_feed: "Subscribe (Atom)",
    pub_q_placeholder: "Number, cause, basis or organisation",
    pub_privacy_note: "Personal data is protected: natural persons are shown by surname only and ID numbers are never published.",
    login_public_links: "Open to everyone: ",

    power_intro: "The powers of the enforcement units and their duties, kept current by dated adjustments; read the list on any day and what changed.",
    power_list: "The list",
    power_as_of: "As of",
    power_name: "Name",
    power_category_label: "Category",
    power_category,
    power_unit: "Exercised by",
    power_version: "Version, in force from",
    power_q_placeholder: "Code, name or basis",
    power_history_of: |c| format!("History of {c}"),
    adjustment_kind,
    adjustment_reason,
    power_diff: "Changes between two days",
    power_diff_from: "From",
    power_diff_to: "To",
    power_diff_run: "Compare",
    power_diff_none: "None",
    power_added: "Added",
    power_amended: "Amended",
    power_repealed: "Repealed",
    power_field,
    power_adjust: "Adjust the list",
    power_adjust_kind: "Adjustment",
    power_item: "Item",
    power_choose_item: "Choose an item",
    power_choose_unit: "Choose a unit",
    power_effective_from: "In force from",
    power_legal_basis: "Legal basis",
    power_responsibilities: "Duties",
    power_accountability: "Accountability",
    power_reason: "Reason",
    power_reason_detail: "Details",
    power_adjust_submit: "Record the adjustment",
    power_adjusted: |c, v| format!("Adjusted: {c} version {v}."),
    one_per_line: "One a line",

    calc_title: "Discretion calculator",
    calc_intro: "The penalty range the benchmark in force on the decision day allows for the facts and the factors, with the reasoning.",
    calc_form: "The case",
    calc_date: "Decision date",
    calc_choose_item: "Choose a power",
    calc_hint: "Choose a power to see its tiers and factors.",
    calc_benchmark: |v, d| format!("Benchmark version {v}, in force from {d}."),
    calc_mitigating: "Mitigating factors",
    calc_aggravating: "Aggravating factors",
    calc_run: "Work out the range",
    calc_result: "Result",

    err_stale: "Someone else changed this meanwhile: reload and try again.",
    err_conflict: "This conflicts with existing data",
    err_duplicate: "A record with the same number or name already exists: check the marked fields",
    err_invalid_state: "The record's current state does not allow this",
    shows_server_detail: true,

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
