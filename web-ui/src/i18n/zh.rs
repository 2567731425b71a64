//! Simplified Chinese (default locale).

use api_types::audit::{AuditAction, ResourceKind};
use api_types::catalog::{AdjustmentKind, AdjustmentReason, PowerCategory};
use api_types::disclosure::{DisclosureStatus, ExecutionStatus, PartyKind, Timeliness};
use api_types::plans::{ItemKind, NoticeStatus, ProgressStatus, ReportStatus, TodoKind};
use api_types::units::UnitKind;
use api_types::Role;

use super::Texts;

fn role(r: Role) -> &'static str {
    match r {
        Role::Admin => "系统管理员",
        Role::Bureau => "市局领导与督查",
        Role::Section => "局属部门",
        Role::County => "县市区执法局",
        Role::Officer => "执法队员",
        Role::Auditor => "审计人员",
        Role::Integration => "外部系统",
    }
}

fn unit_kind(k: UnitKind) -> &'static str {
    match k {
        UnitKind::CityBureau => "市城管执法局",
        UnitKind::Section => "局属部门",
        UnitKind::CountyBureau => "县市区城管执法局",
        UnitKind::Brigade => "大队/分局",
    }
}

fn unit_kind_short(k: UnitKind) -> &'static str {
    match k {
        UnitKind::CityBureau => "市局",
        UnitKind::Section => "局属部门",
        UnitKind::CountyBureau => "县市区局",
        UnitKind::Brigade => "大队/分局",
    }
}

fn cn_number(n: i32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n % 10 == 0 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

fn progress_status(s: ProgressStatus) -> &'static str {
    match s {
        ProgressStatus::Pending => "未开始",
        ProgressStatus::InProgress => "进行中",
        ProgressStatus::Done => "已完成",
        ProgressStatus::Overdue => "已逾期",
    }
}

fn report_status(s: ReportStatus) -> &'static str {
    match s {
        ReportStatus::Submitted => "待审核",
        ReportStatus::Acknowledged => "已确认",
        ReportStatus::Returned => "已退回",
    }
}

fn notice_status(s: NoticeStatus) -> &'static str {
    match s {
        NoticeStatus::Issued => "待回复",
        NoticeStatus::Replied => "已回复",
        NoticeStatus::Closed => "已办结",
    }
}

fn item_kind(k: ItemKind) -> &'static str {
    match k {
        ItemKind::Required => "规定动作",
        ItemKind::SelfChosen => "自选动作",
    }
}

fn audit_action(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Create => "新增",
        AuditAction::Update => "修改",
        AuditAction::Login => "登录",
        AuditAction::Logout => "退出登录",
        AuditAction::Refresh => "续期会话",
        AuditAction::Revoke => "终止会话",
        AuditAction::ChangePassword => "修改密码",
        AuditAction::ResetPassword => "重置密码",
        AuditAction::RotateSecret => "更换密钥",
        AuditAction::IssueToken => "签发令牌",
        AuditAction::Seed => "初始化数据",
        AuditAction::ImportUnchanged => "导入（无变化）",
        AuditAction::BatchUnchanged => "批量导入（无变化）",
        AuditAction::Publish => "公示",
        AuditAction::Correct => "更正",
        AuditAction::Withdraw => "撤回",
        AuditAction::Acknowledge => "确认",
        AuditAction::Return => "退回",
        AuditAction::Resubmit => "重新提交",
        AuditAction::Reply => "回复",
        AuditAction::Close => "办结",
        AuditAction::Adjust => "调整",
        AuditAction::Export => "导出",
    }
}

fn resource_kind(k: ResourceKind) -> &'static str {
    match k {
        ResourceKind::User => "用户",
        ResourceKind::Session => "会话",
        ResourceKind::Unit => "单位",
        ResourceKind::Plan => "工作方案",
        ResourceKind::Task => "任务",
        ResourceKind::Milestone => "节点",
        ResourceKind::ImplementationItem => "实施事项",
        ResourceKind::ProgressReport => "进展报告",
        ResourceKind::SupervisionNotice => "督办通知",
        ResourceKind::ServiceAccount => "服务账号",
        ResourceKind::WorkingCalendar => "工作日历",
        ResourceKind::DisclosureRecord => "公示信息",
        ResourceKind::DiscretionBenchmark => "裁量基准",
        ResourceKind::PowerItem => "权责事项",
        ResourceKind::Export => "导出",
    }
}

fn report_action(a: &str) -> &'static str {
    match a {
        "submitted" => "提交",
        "resubmitted" => "修改后重新提交",
        "acknowledged" => "确认",
        "returned" => "退回",
        _ => "处理",
    }
}

fn todo_kind(k: TodoKind) -> &'static str {
    match k {
        TodoKind::Milestone => "时间节点",
        TodoKind::Item => "实施事项",
        TodoKind::Notice => "督办通知",
        TodoKind::ReturnedReport => "被退回的报告",
    }
}

fn todo_action(k: TodoKind) -> &'static str {
    match k {
        TodoKind::Milestone => "填报进展",
        TodoKind::Item => "查看任务",
        TodoKind::Notice => "回复督办",
        TodoKind::ReturnedReport => "修改重报",
    }
}

fn disclosure_status(s: DisclosureStatus) -> &'static str {
    match s {
        DisclosureStatus::Draft => "草稿",
        DisclosureStatus::Published => "已公开",
        DisclosureStatus::Corrected => "已更正",
        DisclosureStatus::Withdrawn => "已撤回",
    }
}

fn timeliness(t: Timeliness) -> &'static str {
    match t {
        Timeliness::OnTime => "按时",
        Timeliness::Late => "逾期公开",
        Timeliness::Overdue => "逾期未公开",
        Timeliness::Pending => "待公开",
    }
}

fn party_kind(k: PartyKind) -> &'static str {
    match k {
        PartyKind::NaturalPerson => "自然人",
        PartyKind::LegalPerson => "法人",
        PartyKind::OtherOrganization => "其他组织",
    }
}

fn execution_status(s: ExecutionStatus) -> &'static str {
    match s {
        ExecutionStatus::NotExecuted => "未执行",
        ExecutionStatus::PartiallyExecuted => "部分执行",
        ExecutionStatus::Executed => "已执行",
        ExecutionStatus::Installments => "分期执行",
        ExecutionStatus::Deferred => "暂缓执行",
        ExecutionStatus::Enforced => "强制执行",
        ExecutionStatus::Terminated => "终结执行",
    }
}

fn power_category(c: PowerCategory) -> &'static str {
    match c {
        PowerCategory::AdministrativePenalty => "行政处罚",
        PowerCategory::AdministrativeCoercion => "行政强制",
        PowerCategory::AdministrativeInspection => "行政检查",
        PowerCategory::AdministrativeLicense => "行政许可",
        PowerCategory::AdministrativeConfirmation => "行政确认",
        PowerCategory::Other => "其他行政权力",
    }
}

fn adjustment_kind(k: AdjustmentKind) -> &'static str {
    match k {
        AdjustmentKind::Add => "新增",
        AdjustmentKind::Amend => "修改",
        AdjustmentKind::Repeal => "取消",
    }
}

fn adjustment_reason(r: AdjustmentReason) -> &'static str {
    match r {
        AdjustmentReason::LawRevised => "法律法规修订",
        AdjustmentReason::LawRepealed => "法律法规废止",
        AdjustmentReason::LawEnacted => "新法律法规施行",
        AdjustmentReason::FunctionTransferred => "职能划转",
        AdjustmentReason::OrganisationChanged => "机构调整",
        AdjustmentReason::Correction => "勘误",
        AdjustmentReason::InitialListing => "首次编制",
        AdjustmentReason::Other => "其他",
    }
}

fn power_field(f: &str) -> String {
    match f {
        "name" => "事项名称",
        "category" => "事项类别",
        "legal_basis" => "设定依据",
        "responsible_unit_id" => "实施单位",
        "responsibility_items" => "责任事项",
        "accountability" => "追责情形",
        other => return other.to_string(),
    }
    .to_string()
}

fn field_error(code: &str) -> Option<&'static str> {
    Some(match code {
        "required" => "必填",
        "blank" => "不能为空",
        "length" => "长度不符合要求",
        "range" => "超出允许范围",
        "login" => "须为 3–64 个字符：小写字母、数字、“.”“_”“-”",
        "code" => "须为 2–40 个字符：大写字母、数字和“-”（不能在首尾）",
        "password_length" => "密码须为 10–128 个字符",
        "password_strength" => "密码须同时包含字母和数字",
        "incorrect" => "不正确",
        "unchanged" => "不能与当前密码相同",
        "mismatch" => "两次输入的密码不一致",
        "invalid_type" => "格式不正确",
        "period" => "期间格式不正确",
        "fine_out_of_range" => "罚款超出所选裁量档次的幅度，请填写超出幅度的理由",
        "no_penalty_given" => "请填写罚款、没收金额或其他处罚措施",
        "not_owner" => "本单位不是该时间节点的责任单位",
        "not_responsible" => "本单位不是该任务的责任单位",
        "other_task" => "该时间节点不属于所选任务",
        "unknown_milestone" => "时间节点不存在",
        "unknown_task" => "任务不存在",
        "unknown_tier" => "裁量档次不存在",
        "no_benchmark" => "该事项在决定日期无有效的裁量基准",
        "power_not_in_force" => "该事项在决定日期不在权责清单中",
        "credit_code" => "须为18位统一社会信用代码",
        "credit_code_checksum" => "统一社会信用代码校验位错误",
        "id_number" => "须为18位居民身份证号码",
        "id_number_checksum" => "身份证号码校验位错误",
        "links" => "链接须以 http(s):// 或 / 开头，不含空格",
        "future_date" => "不能晚于今天",
        "past_date" => "不能早于今天",
        "before_decision" => "不能早于处罚决定日期",
        "not_for_persons" => "自然人没有统一社会信用代码",
        "only_for_persons" => "仅自然人填写身份证号码",
        "not_after_last_version" | "not_after_last_change" => "须晚于上一次调整的施行日期",
        "item_not_in_force" => "该事项在施行日期不在清单中",
        "unknown_template" => "模板不存在",
        "invalid_month" => "月份格式不正确",
        "not_overdue" => "该单位的事项尚未逾期",
        "unknown_unit" => "单位不存在",
        "inactive_unit" => "单位已停用",
        "one_of" => "只能选择一项",
        "unknown_factor" => "情节不存在",
        "duplicate" => "已被其他记录使用，不能重复",
        _ => return None,
    })
}

pub static ZH: Texts = Texts {
    app_name: "城管执法能力提升平台",
    app_subtitle: "市城市管理综合执法局",
    list_sep: "、",
    greeting_sep: "，",
    skip_to_content: "跳到主要内容",
    switch_lang: "English",
    switch_lang_hint: "Switch to English",
    loading: "正在加载…",
    retry: "重试",
    menu: "菜单",
    main_nav: "主导航",
    nav_home: "工作台",
    nav_group_work: "业务工作",
    nav_group_system: "系统管理",
    user_menu: "当前用户",
    logout: "退出登录",
    logout_title: "退出登录",
    logout_body: "确定要退出当前账号吗？",
    signed_out: "您已安全退出。",
    confirm: "确定",
    cancel: "取消",
    close: "关闭",
    role,
    unit_kind,
    unit_kind_short,

    cap_tasks: (
        "工作任务与督办",
        "能力提升工作任务的分解、进度填报与督查督办",
    ),
    cap_statistics: ("执法统计", "各单位月度执法数据报送与汇总分析"),
    cap_training: ("培训与活动", "业务培训、练兵比武等活动的组织与记录"),
    cap_cases: ("以案释法", "典型案例的编写、审核与发布"),
    cap_quizzes: ("学法考试", "法律法规学习与在线考试"),
    cap_discretion: ("裁量基准", "行政处罚裁量基准的维护与查询"),
    cap_disclosure: ("处罚公开", "行政处罚决定信息的公开与监督"),
    cap_powers: ("权责清单", "执法事项权力与责任清单管理"),
    cap_assessment: ("考评", "案卷评查与执法工作考核评价"),
    cap_demonstration: ("示范创建", "示范单位创建的申报、评审与命名"),
    cap_units: ("组织机构", "市局、局属部门、县市区局及大队的组织架构"),
    units_add_child: "添加下级",
    units_edit: "编辑单位",
    units_add_under: |p| format!("在「{p}」下添加单位"),
    units_code_hint: "大写字母、数字与连字符，唯一且创建后不可修改，如 XQ-BRIGADE-3",
    units_name_en: "英文名称",
    units_created: "已添加单位。",
    cap_users: ("用户管理", "账号、角色与所属单位：新增、编辑、停用、重置密码"),
    col_login: "登录名",
    col_person_name: "姓名",
    col_roles: "角色",
    col_last_login: "最近登录",
    col_actions: "操作",
    edit: "编辑",
    save: "保存",
    choose: "请选择",
    users_list: "用户列表",
    users_new: "新增用户",
    users_edit: "编辑用户",
    users_q_placeholder: "姓名或登录名",
    users_login_hint: "3–64 位小写字母、数字或 . _ -，创建后不可修改",
    users_initial_password: "初始密码",
    users_password_hint: "至少 10 位；请线下告知本人，并提醒其登录后修改",
    users_new_password: "新密码",
    users_password_again: "再次输入新密码",
    passwords_differ: "两次输入的密码不一致",
    users_created: "已新增用户。",
    users_reset_password: "重置密码",
    users_reset_intro: "设置新密码后，该用户所有已登录的会话将立即退出。",
    users_password_set: "密码已重置，该用户需用新密码重新登录。",
    users_disable: "停用",
    users_disable_confirm: "停用后该账号立即无法登录，已登录的会话也将退出。确定停用？",
    users_enable: "启用",
    users_disabled: "账号已停用。",
    users_enabled: "账号已启用。",
    cap_audit: ("审计", "全部数据变更的防篡改审计记录与链条校验"),
    coming_soon: "建设中",
    coming_soon_short: "建设中",
    coming_soon_body: "该功能正在建设中，敬请期待。已完成的功能可从左侧导航进入。",
    back_home: "返回工作台",

    login_title: "用户登录",
    login_intro: "请使用本单位分配的账号登录。",
    field_login: "账号",
    field_password: "密码",
    login_submit: "登录",
    login_busy: "正在登录…",
    login_failed: "账号或密码错误，请重新输入。",
    login_throttled: |secs| format!("尝试次数过多，请在 {secs} 秒后重试。"),
    session_expired: "登录已过期，请重新登录。",
    first_run: "首次使用？",
    first_run_link: "初始化系统管理员",

    setup_title: "系统初始化",
    setup_intro: "系统尚无任何用户时，可凭一次性初始化令牌创建第一个系统管理员账号。令牌在服务器首次启动时生成，使用一次后即失效。",
    setup_token: "初始化令牌",
    setup_token_hint: "见服务器上的 data/bootstrap-token 文件，或部署时设置的 BOOTSTRAP_TOKEN",
    setup_login_hint: "3–64 个字符：小写字母、数字、“.”“_”“-”",
    setup_name: "姓名",
    setup_password_hint: "10–128 个字符，须同时包含字母和数字",
    setup_password_confirm: "确认密码",
    setup_password_mismatch: "两次输入的密码不一致",
    setup_submit: "创建管理员并登录",
    setup_busy: "正在创建…",
    setup_closed: "系统已完成初始化，请直接登录。",
    setup_bad_token: "初始化令牌不正确。",
    back_to_login: "返回登录",

    greeting_morning: "上午好",
    greeting_afternoon: "下午好",
    greeting_evening: "晚上好",
    dashboard_title: "工作台",
    dashboard_unit: "所属单位",
    dashboard_roles: "角色",
    quick_links: "快捷入口",
    today: |y, m, d, w| {
        let days = ["日", "一", "二", "三", "四", "五", "六"];
        format!(
            "今天是 {y}年{m}月{d}日 星期{}",
            days.get(w as usize).copied().unwrap_or("")
        )
    },
    chart_units_by_kind: "各类单位数量",
    units_total: |n| format!("共 {n} 个单位"),

    units_tree: "组织架构",
    units_list: "单位列表",
    expand: "展开",
    collapse: "收起",
    filter_kind: "单位类型",
    filter_all: "全部",
    filter_q: "关键字",
    filter_q_placeholder: "名称、英文名或代码",
    filter_active: "状态",
    search: "查询",
    reset: "重置",
    col_code: "代码",
    col_name: "名称",
    col_kind: "类型",
    col_status: "状态",
    col_sort_order: "排序",
    col_created: "创建时间",
    status_active: "启用",
    status_inactive: "停用",

    audit_intro: "所有数据变更均按时间顺序记录，并以哈希链相互关联，任何篡改都可被校验发现。",
    audit_verify: "校验审计链",
    audit_verifying: "正在校验…",
    audit_ok: |n| format!("校验通过：已检查 {n} 条记录，链条完整。"),
    audit_broken: |id| format!("校验失败：第 {id} 条记录被篡改或缺失。"),
    audit_head: "链头",
    audit_empty_chain: "审计链为空。",
    col_id: "序号",
    col_time: "时间",
    col_actor: "操作者角色",
    col_action: "操作",
    col_resource: "对象",
    col_request: "请求编号",
    filter_action: "操作",
    filter_resource_type: "对象类型",
    export_title: "数据导出",
    export_intro: "按数据类别导出为 NDJSON 文件：每行一条记录，与接口返回一致；末行为清单，含条数、SHA-256 校验值和导出时的审计链头。每次导出均记入审计链。大批量数据请对接系统直接调用导出接口。",
    export_what: "数据类别",
    export_from: "变更日期自",
    export_to: "变更日期至（含）",
    export_download: "导出下载",
    export_running: "正在导出…",
    export_done: |n| format!("已导出 {n} 条记录。"),
    export_range_error: "截止日期不能早于起始日期",
    export_incomplete: "导出未完成（数据传输中断），请重试。",
    export_resource: |r| {
        use api_types::exports::ExportResource as R;
        match r {
            R::AuditEvents => "审计记录",
            R::Units => "组织机构",
            R::Users => "用户账号",
            R::Tasks => "工作任务",
            R::Milestones => "时间节点",
            R::ImplementationItems => "单位实施事项",
            R::ProgressReports => "进展报送",
            R::SupervisionNotices => "督办通知",
            R::DisclosureRecords => "行政处罚结果公开",
            R::PowerAdjustments => "权责清单调整",
        }
    },

    table_total: |n| format!("共 {n} 条"),
    table_page: |p, n| format!("第 {p} / {n} 页"),
    table_first: "首页",
    table_prev: "上一页",
    table_next: "下一页",
    table_last: "末页",
    table_per_page: "每页条数",
    table_empty: "暂无数据",
    table_pagination: "分页",
    sort_by: |col| format!("按{col}排序"),

    period_year: "年份",
    period_month: "月份",
    period_quarter: "季度",
    month_name: |m| format!("{m}月"),
    quarter_name: |q| {
        let n = ["一", "二", "三", "四"];
        format!("第{}季度", n.get(q as usize - 1).copied().unwrap_or("?"))
    },

    err_network: "无法连接服务器，请检查网络后重试。",
    err_unexpected: "服务器返回了无法识别的内容。",
    err_forbidden: "您没有执行此操作的权限。",
    err_not_found: "请求的数据不存在。",
    err_session_expired: "登录已过期，请重新登录。",
    err_check_fields: "请检查标出的输入项。",
    err_busy: |secs| format!("服务器正忙，请在 {secs} 秒后重试。"),
    err_server: "服务器出错，请稍后重试。",
    field_error,

    tasks_tab_board: "督办看板",
    tasks_tab_todo: "本单位待办",
    tasks_tab_report: "进展填报",
    tasks_tab_notices: "督办通知",
    task_number: |n| format!("任务{}", cn_number(n)),
    board_title: "任务推进矩阵",
    board_plan: "工作方案",
    board_unit: "单位",
    board_filter_unit: "按单位筛选",
    board_legend: "图例",
    board_state_overdue: "有逾期",
    board_state_open: "推进中",
    board_state_done: "全部完成",
    board_state_empty: "无事项",
    board_as_of: |d| format!("状态计算日期：{d}"),
    board_counts: |d, o, x| format!("已完成{d}项，进行中{o}项，逾期{x}项"),
    board_last_report: "最近填报：",
    board_reports_submitted: |n| format!("{n}份报告待审核"),
    board_reports_returned: |n| format!("{n}份报告被退回"),
    board_notices_open: |n, x| format!("{n}份督办未办结（{x}份逾期未回复）"),
    board_flag_submitted: |n| format!("待审{n}"),
    board_flag_returned: |n| format!("退回{n}"),
    board_flag_notices: |n| format!("督办{n}"),
    board_no_plan: "尚未导入工作方案。",
    board_no_plan_hint: "请联系市局督查人员导入工作方案。",
    board_import: "导入2022年工作方案模板",
    board_importing: "正在导入…",
    board_imported: |tasks, ms| format!("已导入：新增任务{tasks}项，时间节点{ms}个。"),

    task_content: "任务内容",
    task_description: "工作要求",
    task_goals: "工作目标",
    task_lead: "牵头单位",
    task_responsible: "责任单位",
    all_of_kind: |k| format!("全部{}", unit_kind(k)),
    task_milestones: "时间节点",
    task_no_milestones: "该任务没有时间节点。",
    task_items: "实施事项（规定动作/自选动作）",
    task_no_items: "暂无实施事项。",
    item_add: "添加本单位实施事项",
    item_title: "事项名称",
    item_description: "具体做法（选填）",
    item_save: "保存事项",
    item_added: "已添加实施事项。",
    item_mark_done: "标记完成",
    item_marked_done: "已标记为完成。",
    task_reports: "进展报告",
    task_no_reports: "暂无进展报告。",
    deliverable: "成果：",
    col_milestone: "时间节点",
    col_due: "截止日期",
    col_owners: "各单位完成情况",
    col_unit: "单位",
    col_item: "事项",
    col_task: "任务",
    progress_status,
    report_status,
    notice_status,
    item_kind,
    actor_system: "系统",
    audit_action,
    resource_kind,
    report_action,
    report_period: |p| format!("报告期：{p}"),
    report_times_returned: |n| format!("已退回{n}次"),
    report_history: "办理记录",
    report_acknowledge: "确认",
    report_acknowledged: "已确认该报告。",
    report_return: "退回",
    report_return_comment_label: "退回意见",
    report_return_confirm: "确认退回",
    report_returned_done: "已退回该报告。",
    report_return_comment: "退回意见：",
    report_resubmit: "修改后重新提交",
    report_resubmit_confirm: "重新提交",
    report_resubmitted: "已重新提交。",
    report_forbidden_hint: "（仅任务牵头单位或市局可审核进展报告）",

    report_new: "填报进展",
    report_intro: "本单位对工作任务或其时间节点的进展填报，提交后由牵头单位审核。",
    report_for_unit: |u| format!("填报单位：{u}"),
    report_not_allowed: "您所在的单位不填报工作进展。",
    report_choose_task: "请选择任务",
    report_whole_task: "整项任务（不针对具体节点）",
    report_milestone_hint: "列出本单位负责的时间节点",
    report_period_kind: "报告期类型",
    report_period_label: "报告期",
    report_narrative: "工作进展",
    report_narrative_hint: "简要说明已开展的工作、取得的成效和存在的问题",
    report_percent: "完成比例（%）",
    report_percent_hint: "0–100；填100表示该节点已完成",
    report_percent_invalid: "请输入0到100之间的整数",
    report_links: "佐证材料链接",
    report_links_hint: "每行一个，以 http(s):// 或 / 开头",
    report_submit: "提交报告",
    report_submitted: "进展报告已提交。",
    saving: "正在保存…",
    saved: "已保存。",

    todo_intro: "本单位在当前工作方案中尚未完成的事项，按截止日期排列。",
    todo_empty: "本单位暂无待办事项。",
    todo_summary: |n, x| format!("共{n}项待办，其中{x}项已逾期。"),
    todo_kind,
    todo_action,

    notice_intro: "牵头单位就逾期事项向责任单位发出督办通知，责任单位限期回复。",
    notice_inbox: "本单位收到的督办",
    notice_issued_by_us: "本单位发出的督办",
    notice_issue_hint: "在任务详情页逾期单位旁点击“督办”即可发出督办通知。",
    notice_none: "暂无督办通知。",
    notice_issue: "督办",
    notice_subject: "督办事项",
    notice_body: "督办内容",
    notice_deadline: "回复期限",
    notice_send: "发出督办通知",
    notice_issued: "督办通知已发出。",
    notice_default_subject: |m| format!("关于“{m}”逾期未完成的督办通知"),
    notice_default_body: |u, m| format!("{u}：“{m}”已超过截止日期尚未完成，请抓紧落实，并在回复期限前书面说明进展情况和完成时限。"),
    notice_to: "督办对象",
    notice_from: "督办单位",
    notice_issued_at: "发出时间",
    notice_reply: "回复内容",
    notice_reply_label: "回复：",
    notice_reply_send: "提交回复",
    notice_replied: "已回复。",
    notice_reply_overdue: "逾期未回复",
    notice_close: "办结",
    notice_close_confirm: "确定办结该督办通知吗？办结后不能再回复。",
    notice_closed: "督办通知已办结。",
    notice_view_task: "查看任务",

    disc_tab_records: "公开记录",
    disc_tab_new: "录入处罚信息",
    disc_tab_completeness: "月度公开完整率",
    disc_tab_public: "公开查询",
    disc_no_private: "您没有查看各单位处罚公开记录的权限，可在公开查询页查看已公开的行政处罚决定。",
    disc_new: "录入处罚信息",
    disc_new_intro: "行政处罚决定作出后7个工作日内公开。先保存为草稿，核对后发布。",
    disclosure_status,
    timeliness,
    party_kind,
    execution_status,
    disc_document_number: "决定书文号",
    disc_document_number_hint: "如：新城管罚决字〔2022〕第15号",
    disc_cause: "案由",
    disc_party: "当事人",
    disc_party_kind: "当事人类型",
    disc_party_name: "当事人名称/姓名",
    disc_credit_code: "统一社会信用代码",
    disc_id_number: "身份证号码",
    disc_id_number_hint: "仅内部留存，不对外公开",
    disc_legal_basis: "处罚依据",
    disc_fine: "罚款金额",
    disc_fine_yuan: "罚款金额（元）",
    disc_confiscated: "没收金额",
    disc_confiscated_yuan: "没收违法所得/非法财物（元）",
    disc_fine_short: "罚款",
    disc_confiscated_short: "没收",
    disc_penalty: "处罚结果",
    disc_other_measures: "其他处罚/措施",
    disc_other_measures_hint: "如：警告、责令限期改正",
    disc_execution: "执行情况",
    disc_decision_date: "处罚决定日期",
    disc_publication_date: "公开日期",
    disc_deadline: "公开期限",
    disc_deadline_hint: |d| format!("按时公开的最后期限：{d}（7个工作日）"),
    disc_issuing_unit: "执法单位",
    disc_power_item: "执法事项（权力清单）",
    disc_no_power_item: "不适用裁量基准",
    disc_tier: "裁量档次",
    disc_choose_tier: "请选择裁量档次",
    disc_no_benchmark: "该事项在决定日期无有效的裁量基准。",
    disc_allowed_range: "裁量幅度：",
    disc_explanation: "裁量说明",
    disc_no_penalty: "不予处罚",
    disc_no_fine: "不处罚款",
    disc_at_least: |v| format!("不低于{v}"),
    disc_at_most: |v| format!("不超过{v}"),
    disc_out_of_range: |fine, tier, range| format!("罚款{fine}超出“{tier}”档次的裁量幅度（{range}），须在下方说明理由后方可保存。"),
    disc_justification: "超出裁量幅度的理由",
    disc_justification_hint: "记录在案并标记为“超出裁量幅度”，供执法监督审查",
    disc_amount_invalid: "请输入金额（元），最多两位小数",
    disc_section_case: "案件信息",
    disc_section_party: "当事人",
    disc_section_penalty: "处罚内容",
    disc_save_draft: "保存草稿",
    disc_edit: "修改草稿",
    disc_correct: "更正",
    disc_correct_save: "保存更正",
    disc_correct_reason: "更正理由",
    disc_publish: "发布",
    disc_publish_confirm: "确认发布",
    disc_published: "已发布，公众可在公开查询页查看。",
    disc_withdraw: "撤回",
    disc_withdraw_reason: "撤回理由",
    disc_withdraw_hint: "如：经行政复议撤销",
    disc_withdrawn: "已撤回。",
    disc_record: "处罚决定信息",
    disc_revisions: "公开版本",
    disc_revision: "版本",
    disc_revision_no: |n| format!("第{n}版"),
    disc_no_revisions: "尚未公开。",
    disc_first_publication: "首次公开",
    disc_view_public: "查看公开页面",
    disc_flag_out_of_range: "超出裁量幅度",
    disc_flag_calendar: "日历数据不全",
    disc_corrected: "已更正",
    disc_month: "决定月份",
    disc_q_placeholder: "文号、案由或当事人",
    disc_completeness_intro: "各单位当月作出的处罚决定中已公开的比例，以及按时、逾期公开情况。",
    disc_completeness_empty: "该月没有处罚决定。",
    disc_completeness_chart: |m| format!("{m} 各单位公开完整率（%）"),
    disc_decided: "作出决定",
    disc_published_count: "已公开",
    disc_on_time: "按时公开",
    disc_late: "逾期公开",
    disc_overdue: "逾期未公开",
    disc_completeness: "完整率",
    yuan: "元",
    back_to_list: "返回列表",

    public_portal: "政务公开",
    pub_nav_disclosure: "行政处罚结果公开",
    pub_nav_powers: "权责清单",
    pub_nav_discretion: "裁量基准查询",
    pub_to_workspace: "进入工作台",
    pub_disclosure_title: "行政处罚结果公开",
    pub_disclosure_intro: "本市城管执法部门作出的行政处罚决定，依法向社会公开。",
    pub_disclosure_list: "已公开的处罚决定",
    pub_feed: "订阅（Atom）",
    pub_q_placeholder: "文号、案由、依据或单位名称",
    pub_privacy_note: "依法保护个人信息：自然人当事人仅显示姓氏，不公开身份证号码。",
    login_public_links: "无需登录即可查询：",

    power_intro: "城管执法部门的权力事项及其责任清单，按调整记录动态更新，可查询任一日期的清单及其变化。",
    power_list: "权责清单",
    power_as_of: "查询日期",
    power_name: "事项名称",
    power_category_label: "事项类别",
    power_category,
    power_unit: "实施单位",
    power_version: "版本与施行日期",
    power_q_placeholder: "编码、名称或依据",
    power_history_of: |c| format!("{c} 调整历史"),
    adjustment_kind,
    adjustment_reason,
    power_diff: "清单变化对比",
    power_diff_from: "起始日期",
    power_diff_to: "截止日期",
    power_diff_run: "对比",
    power_diff_none: "无",
    power_added: "新增",
    power_amended: "修改",
    power_repealed: "取消",
    power_field,
    power_adjust: "清单动态调整",
    power_adjust_kind: "调整类型",
    power_item: "事项",
    power_choose_item: "请选择事项",
    power_choose_unit: "请选择单位",
    power_effective_from: "施行日期",
    power_legal_basis: "设定依据",
    power_responsibilities: "责任事项",
    power_accountability: "追责情形",
    power_reason: "调整原因",
    power_reason_detail: "原因说明",
    power_adjust_submit: "提交调整",
    power_adjusted: |c, v| format!("已调整：{c} 第{v}版。"),
    one_per_line: "每行一项",

    calc_title: "行政处罚裁量基准查询",
    calc_intro: "按违法情形和从轻、从重情节，查询处罚决定日适用的裁量基准给出的处罚幅度及理由。",
    calc_form: "案件情形",
    calc_date: "处罚决定日期",
    calc_choose_item: "请选择执法事项",
    calc_hint: "选择执法事项后显示适用的裁量档次和情节。",
    calc_benchmark: |v, d| format!("适用裁量基准第{v}版（自{d}起施行）。"),
    calc_mitigating: "从轻情节",
    calc_aggravating: "从重情节",
    calc_run: "计算处罚幅度",
    calc_result: "计算结果",

    err_stale: "数据已被他人修改，请刷新页面后重试。",
    err_conflict: "操作与现有数据冲突（例如仍被其他记录引用）",
    err_duplicate: "已有相同编号或名称的记录，请检查标出的字段",
    err_invalid_state: "记录当前的状态不允许此操作，可能已被他人处理，请刷新后查看",
    shows_server_detail: false,

    not_found_title: "页面不存在",
    not_found_body: "您访问的页面不存在或已被移除。",

    uikit_title: "界面组件",
    uikit_intro: "各业务页面共用的界面组件。",
    uikit_dialog_open: "打开确认对话框",
    uikit_dialog_title: "确认操作",
    uikit_dialog_body: "确定要执行此操作吗？",
    uikit_confirmed: "已确认",
    uikit_toast: "显示提示",
    uikit_toast_text: "操作成功",
    uikit_badges: "状态标签",
    uikit_period: "期间选择",
    uikit_selected: "已选择",
    uikit_line_chart: "月度趋势",
    uikit_series_a: "立案数",
    uikit_series_b: "结案数",
    uikit_form: "表单校验",
    uikit_field: "单位代码",
    uikit_check: "校验",
    badge_draft: "草稿",
    badge_in_progress: "进行中",
    badge_done: "已完成",
    badge_overdue: "已逾期",
};
