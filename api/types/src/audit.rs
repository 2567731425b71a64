//! The audit trail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One recorded mutation. Rows are append-only and hash-chained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    /// Position in the chain, from 1, without gaps.
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_user_id: Option<Uuid>,
    pub actor_service_account_id: Option<Uuid>,
    pub actor_unit_id: Option<Uuid>,
    /// Roles the actor held, comma-separated (`system` for the server itself).
    pub actor_roles: String,
    /// What happened: `create`, `update`, `login`, `rotate_secret`, …
    pub action: String,
    /// Kind of resource: `unit`, `user`, `service_account`, `session`, …
    pub resource_type: String,
    pub resource_id: String,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
    /// SHA-256 (hex) of the previous row's hash and this row's canonical content.
    pub hash: String,
    pub prev_hash: String,
}

/// `GET /api/v1/audit-events/verify`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditVerification {
    /// True when every row's hash matches and no row is missing.
    pub ok: bool,
    /// Rows checked.
    pub checked: u64,
    /// Id of the first altered row, or of the first missing one.
    pub first_broken_id: Option<i64>,
    /// Hash at the head of the chain (the last row's), for comparing with exports.
    pub head_hash: Option<String>,
    pub head_id: Option<i64>,
}

crate::text_enum! {
    /// What an audit event records being done. The wire form is the text code.
    pub enum AuditAction {
        /// A record was created.
        Create = "create",
        /// A record was edited.
        Update = "update",
        /// A sign-in.
        Login = "login",
        /// A sign-out.
        Logout = "logout",
        /// A session was renewed with its refresh token.
        Refresh = "refresh",
        /// A session was ended (e.g. a reused refresh token).
        Revoke = "revoke",
        /// A user changed their password.
        ChangePassword = "change_password",
        /// An administrator reset a password.
        ResetPassword = "reset_password",
        /// A service account got a new secret.
        RotateSecret = "rotate_secret",
        /// A service account obtained a token.
        IssueToken = "issue_token",
        /// Reference data shipped with the system was loaded.
        Seed = "seed",
        /// A template import found nothing to add.
        ImportUnchanged = "import_unchanged",
        /// A batch import found an identical record.
        BatchUnchanged = "batch_unchanged",
        /// A spreadsheet was imported (its hash and row counts; each record created
        /// has its own `create`).
        Import = "import",
        /// A webhook delivery was sent again by hand.
        Redeliver = "redeliver",
        /// A test event was sent to a webhook subscription.
        SendTest = "send_test",
        /// A disclosure record was published.
        Publish = "publish",
        /// A published record was corrected (a kept revision).
        Correct = "correct",
        /// A record was withdrawn with a reason.
        Withdraw = "withdraw",
        /// A lead unit acknowledged a progress report.
        Acknowledge = "acknowledge",
        /// A lead unit returned a progress report for rework.
        Return = "return",
        /// A returned report was submitted again.
        Resubmit = "resubmit",
        /// A report was submitted for review.
        Submit = "submit",
        /// A reviewer accepted a report (it is locked).
        Accept = "accept",
        /// A major decision was made by the collective meeting.
        Decide = "decide",
        /// A unit's reviewer signed a risk assessment off.
        SignOff = "sign_off",
        /// The city bureau approved a risk assessment.
        Approve = "approve",
        /// A unit replied to a supervision notice.
        Reply = "reply",
        /// A supervision notice was closed.
        Close = "close",
        /// The power list was adjusted.
        Adjust = "adjust",
        /// A resource was exported.
        Export = "export",
        /// The deadline reminder job was run on request.
        RunReminders = "run_reminders",
        Retire = "retire",
        Reactivate = "reactivate",
        Cancel = "cancel",
        Start = "start",
        Grade = "grade",
        Enrol = "enrol",
        CheckIn = "check_in",
        MarkAttendance = "mark_attendance",
        /// A contest was announced: entries open.
        Announce = "announce",
        /// A contest's entries closed and its judges began scoring.
        StartJudging = "start_judging",
        /// The personnel office verified a degree.
        Verify = "verify",
        /// A reward was recorded for a verified degree.
        Reward = "reward",
        /// A reconsideration or a court revoked, altered or found illegal a published
        /// decision: its public record says so.
        Overturn = "overturn",
        /// A rule-set version came into force.
        Activate = "activate",
        /// A county bureau recommended its brigade's demonstration application.
        Recommend = "recommend",
        /// A county bureau declined to recommend an application.
        Decline = "decline",
    }
}

crate::text_enum! {
    /// The kind of resource an audit event is about.
    pub enum ResourceKind {
        User = "user",
        Session = "session",
        Unit = "unit",
        Plan = "plan",
        Task = "task",
        Milestone = "milestone",
        ImplementationItem = "implementation_item",
        ProgressReport = "progress_report",
        SupervisionNotice = "supervision_notice",
        ServiceAccount = "service_account",
        WorkingCalendar = "working_calendar",
        DisclosureRecord = "disclosure_record",
        DiscretionBenchmark = "discretion_benchmark",
        PowerItem = "power_item",
        Export = "export",
        Notification = "notification",
        WebhookSubscription = "webhook_subscription",
        WebhookDelivery = "webhook_delivery",
        Attachment = "attachment",
        StatisticsTemplate = "statistics_template",
        StatisticsReport = "statistics_report",
        MajorDecision = "major_decision",
        RiskAssessment = "risk_assessment",
        QuestionCategory = "question_category",
        Question = "question",
        StudyPlan = "study_plan",
        QuizSession = "quiz_session",
        QuizAttempt = "quiz_attempt",
        TrainingEvent = "training_event",
        TrainingSession = "training_session",
        TrainingEnrolment = "training_enrolment",
        TrainingRequirement = "training_requirement",
        Contest = "contest",
        ContestEntry = "contest_entry",
        Degree = "degree",
        CaseSubmission = "case_submission",
        CaseBulletin = "case_bulletin",
        CaseQuota = "case_quota",
        CaseOutcome = "case_outcome",
        VetoEvent = "veto_event",
        RuleSet = "rule_set",
        CaseReview = "case_review",
        AssessmentRun = "assessment_run",
        AssessmentNotice = "assessment_notice",
        DemonstrationRound = "demonstration_round",
        DemonstrationApplication = "demonstration_application",
        DemonstrationReview = "demonstration_review",
    }
}

impl AuditAction {
    /// The Chinese name staff see (the SPA, spreadsheets).
    pub fn label_zh(self) -> &'static str {
        match self {
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
            AuditAction::Submit => "报送",
            AuditAction::Accept => "审核通过",
            AuditAction::Decide => "作出决定",
            AuditAction::SignOff => "审核签署",
            AuditAction::Approve => "批准",
            AuditAction::Reply => "回复",
            AuditAction::Close => "办结",
            AuditAction::Adjust => "调整",
            AuditAction::Export => "导出",
            AuditAction::RunReminders => "发送到期提醒",
            AuditAction::Import => "表格导入",
            AuditAction::Redeliver => "重新推送",
            AuditAction::SendTest => "测试推送",
            AuditAction::Retire => "停用",
            AuditAction::Reactivate => "重新启用",
            AuditAction::Cancel => "取消",
            AuditAction::Start => "开始作答",
            AuditAction::Grade => "评分",
            AuditAction::Enrol => "报名",
            AuditAction::CheckIn => "签到",
            AuditAction::MarkAttendance => "考勤登记",
            AuditAction::Announce => "发布",
            AuditAction::StartJudging => "开始评审",
            AuditAction::Verify => "审核认定",
            AuditAction::Reward => "奖励",
            AuditAction::Overturn => "复议诉讼纠错",
            AuditAction::Activate => "启用",
            AuditAction::Recommend => "推荐",
            AuditAction::Decline => "不予推荐",
        }
    }
}

impl ResourceKind {
    /// The Chinese name staff see (the SPA, spreadsheets).
    pub fn label_zh(self) -> &'static str {
        match self {
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
            ResourceKind::Notification => "消息通知",
            ResourceKind::WebhookSubscription => "推送订阅",
            ResourceKind::WebhookDelivery => "推送记录",
            ResourceKind::Attachment => "附件",
            ResourceKind::StatisticsTemplate => "统计报表模板",
            ResourceKind::StatisticsReport => "执法统计报表",
            ResourceKind::MajorDecision => "重大行政决策",
            ResourceKind::RiskAssessment => "重大执法活动风险评估",
            ResourceKind::QuestionCategory => "题库分类",
            ResourceKind::Question => "试题",
            ResourceKind::StudyPlan => "学法考试计划",
            ResourceKind::QuizSession => "考试场次",
            ResourceKind::QuizAttempt => "答卷",
            ResourceKind::TrainingEvent => "培训活动",
            ResourceKind::TrainingSession => "培训课次",
            ResourceKind::TrainingEnrolment => "培训报名",
            ResourceKind::TrainingRequirement => "年度学时要求",
            ResourceKind::Contest => "竞赛活动",
            ResourceKind::ContestEntry => "参赛作品",
            ResourceKind::Degree => "在职学历",
            ResourceKind::CaseSubmission => "典型案例",
            ResourceKind::CaseBulletin => "典型案例通报",
            ResourceKind::CaseQuota => "典型案例报送要求",
            ResourceKind::CaseOutcome => "复议诉讼结果",
            ResourceKind::VetoEvent => "一票否决事项",
            ResourceKind::RuleSet => "评分规则",
            ResourceKind::CaseReview => "案卷评查",
            ResourceKind::AssessmentRun => "考评计算",
            ResourceKind::AssessmentNotice => "考评通报",
            ResourceKind::DemonstrationRound => "示范创建",
            ResourceKind::DemonstrationApplication => "示范单位申报",
            ResourceKind::DemonstrationReview => "示范单位评议",
        }
    }
}
