//! Simplified Chinese (default locale).

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
    err_server: "服务器出错，请稍后重试。",
    field_error,

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
