//! Permissions: what the server checks and the SPA shows or hides. Which role holds
//! which permission, and in which unit scope, is data (`api/permissions.yaml`).

crate::text_enum! {
    /// A permission of the matrix, named `area.action` on the wire.
    #[derive(PartialOrd, Ord)]
    pub enum Permission {
        UnitsRead = "units.read",
        UnitsManage = "units.manage",
        UsersRead = "users.read",
        UsersManage = "users.manage",
        ServiceAccountsRead = "service_accounts.read",
        ServiceAccountsManage = "service_accounts.manage",
        AuditRead = "audit.read",
        PlansRead = "plans.read",
        PlansManage = "plans.manage",
        TasksManage = "tasks.manage",
        TaskItemsManage = "task_items.manage",
        ProgressReport = "progress.report",
        ProgressReview = "progress.review",
        NoticesIssue = "notices.issue",
        NoticesReply = "notices.reply",
        PowerListManage = "power_list.manage",
        DiscretionManage = "discretion.manage",
        CalendarManage = "calendar.manage",
        DisclosureRead = "disclosure.read",
        DisclosureWrite = "disclosure.write",
        ExportsRead = "exports.read",
        RemindersRun = "reminders.run",
        WebhooksManage = "webhooks.manage",
        AttachmentsRead = "attachments.read",
        AttachmentsWrite = "attachments.write",
        StatisticsRead = "statistics.read",
        StatisticsWrite = "statistics.write",
        StatisticsReview = "statistics.review",
        StatisticsRegionRead = "statistics_region.read",
        StatisticsManage = "statistics.manage",
        MajorDecisionsRead = "major_decisions.read",
        MajorDecisionsWrite = "major_decisions.write",
        RiskAssessmentsRead = "risk_assessments.read",
        RiskAssessmentsWrite = "risk_assessments.write",
        RiskAssessmentsApprove = "risk_assessments.approve",
        QuestionsRead = "questions.read",
        QuestionsManage = "questions.manage",
        QuizzesManage = "quizzes.manage",
        QuizzesTake = "quizzes.take",
        QuizResultsRead = "quiz_results.read",
    }
}
