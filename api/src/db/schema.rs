//! Table definitions shared by both backends (hand-written: the same Rust schema must
//! describe the SQLite and the PostgreSQL migrations, which use only shared types).

diesel::table! {
    units (id) {
        id -> Text,
        code -> Text,
        name -> Text,
        name_en -> Nullable<Text>,
        kind -> Text,
        parent_id -> Nullable<Text>,
        active -> Bool,
        sort_order -> Integer,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        login -> Text,
        name -> Text,
        unit_id -> Text,
        roles -> Text,
        active -> Bool,
        password_hash -> Text,
        token_version -> BigInt,
        last_login_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        must_change_password -> Bool,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
        client_addr -> Nullable<Text>,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        session_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    service_accounts (id) {
        id -> Text,
        client_id -> Text,
        name -> Text,
        description -> Nullable<Text>,
        unit_id -> Text,
        grants -> Text,
        active -> Bool,
        secret_hash -> Text,
        secret_rotated_at -> Timestamp,
        token_version -> BigInt,
        last_used_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    login_throttle (throttle_key) {
        throttle_key -> Text,
        failures -> Integer,
        last_failure_at -> Timestamp,
        blocked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (principal_id, idempotency_key) {
        principal_id -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        status -> Integer,
        response_body -> Text,
        location -> Nullable<Text>,
        etag -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    server_secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_user_id -> Nullable<Text>,
        actor_service_account_id -> Nullable<Text>,
        actor_unit_id -> Nullable<Text>,
        actor_roles -> Text,
        action -> Text,
        resource_type -> Text,
        resource_id -> Text,
        request_id -> Nullable<Text>,
        client_addr -> Nullable<Text>,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    audit_head (id) {
        id -> Integer,
        last_id -> BigInt,
        last_hash -> Text,
    }
}

diesel::joinable!(users -> units (unit_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(service_accounts -> units (unit_id));

diesel::table! {
    plans (id) {
        id -> Text,
        year -> Integer,
        title -> Text,
        description -> Nullable<Text>,
        status -> Text,
        template_key -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    tasks (id) {
        id -> Text,
        plan_id -> Text,
        number -> Integer,
        title -> Text,
        description -> Nullable<Text>,
        goals -> Nullable<Text>,
        responsible_kinds -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    task_units (task_id, unit_id, role) {
        task_id -> Text,
        unit_id -> Text,
        role -> Text,
    }
}

diesel::table! {
    milestones (id) {
        id -> Text,
        task_id -> Text,
        title -> Text,
        due_date -> Date,
        owner_kinds -> Text,
        deliverable -> Nullable<Text>,
        template_key -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    milestone_owners (milestone_id, unit_id) {
        milestone_id -> Text,
        unit_id -> Text,
    }
}

diesel::table! {
    implementation_items (id) {
        id -> Text,
        task_id -> Text,
        unit_id -> Text,
        kind -> Text,
        title -> Text,
        description -> Nullable<Text>,
        due_date -> Date,
        completed_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    progress_reports (id) {
        id -> Text,
        plan_id -> Text,
        task_id -> Text,
        milestone_id -> Nullable<Text>,
        unit_id -> Text,
        period -> Text,
        narrative -> Text,
        percent_complete -> Integer,
        evidence_links -> Text,
        status -> Text,
        review_comment -> Nullable<Text>,
        submitted_at -> Timestamp,
        submitted_by -> Text,
        reviewed_at -> Nullable<Timestamp>,
        reviewed_by -> Nullable<Text>,
        times_returned -> Integer,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    progress_report_events (id) {
        id -> Text,
        report_id -> Text,
        action -> Text,
        comment -> Nullable<Text>,
        actor_user_id -> Nullable<Text>,
        actor_name -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::table! {
    supervision_notices (id) {
        id -> Text,
        plan_id -> Text,
        task_id -> Text,
        milestone_id -> Nullable<Text>,
        item_id -> Nullable<Text>,
        unit_id -> Text,
        issued_by_unit_id -> Text,
        issued_by_user_id -> Nullable<Text>,
        subject -> Text,
        body -> Text,
        reply_deadline -> Date,
        status -> Text,
        reply -> Nullable<Text>,
        replied_at -> Nullable<Timestamp>,
        replied_by -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        doc_year -> Integer,
        doc_serial -> Integer,
    }
}

diesel::joinable!(tasks -> plans (plan_id));
diesel::joinable!(milestones -> tasks (task_id));
diesel::joinable!(implementation_items -> tasks (task_id));
diesel::joinable!(progress_report_events -> progress_reports (report_id));

diesel::table! {
    power_items (id) {
        id -> Text,
        code -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    power_adjustments (id) {
        id -> Text,
        item_id -> Text,
        version_no -> Integer,
        kind -> Text,
        reason -> Text,
        reason_detail -> Nullable<Text>,
        effective_from -> Date,
        name -> Nullable<Text>,
        category -> Nullable<Text>,
        legal_basis -> Nullable<Text>,
        responsible_unit_id -> Nullable<Text>,
        responsibility_items -> Nullable<Text>,
        accountability -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    discretion_benchmarks (id) {
        id -> Text,
        power_item_id -> Text,
        version_no -> Integer,
        effective_from -> Date,
        legal_basis -> Text,
        notes -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    discretion_tiers (benchmark_id, code) {
        benchmark_id -> Text,
        position -> Integer,
        code -> Text,
        name -> Text,
        conditions -> Text,
        fine_min_fen -> Nullable<BigInt>,
        fine_max_fen -> Nullable<BigInt>,
        other_measures -> Nullable<Text>,
        no_penalty -> Bool,
    }
}

diesel::table! {
    discretion_factors (benchmark_id, code) {
        benchmark_id -> Text,
        position -> Integer,
        code -> Text,
        name -> Text,
        direction -> Text,
    }
}

diesel::table! {
    calendar_days (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    disclosure_records (id) {
        id -> Text,
        issuing_unit_id -> Text,
        document_number -> Text,
        document_key -> Text,
        case_cause -> Text,
        party_kind -> Text,
        party_name -> Text,
        party_credit_code -> Nullable<Text>,
        party_id_number -> Nullable<Text>,
        public_party_name -> Text,
        public_case_cause -> Text,
        legal_basis -> Text,
        fine_fen -> Nullable<BigInt>,
        confiscated_fen -> Nullable<BigInt>,
        other_measures -> Nullable<Text>,
        execution_status -> Text,
        decision_date -> Date,
        power_item_id -> Nullable<Text>,
        discretion_tier -> Nullable<Text>,
        benchmark_id -> Nullable<Text>,
        fine_justification -> Nullable<Text>,
        fine_out_of_range -> Bool,
        status -> Text,
        revision -> Integer,
        publication_date -> Nullable<Date>,
        correction_reason -> Nullable<Text>,
        withdrawal_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        overturned_on -> Nullable<Date>,
        overturned_note -> Nullable<Text>,
    }
}

diesel::table! {
    disclosure_revisions (id) {
        id -> Text,
        record_id -> Text,
        revision -> Integer,
        content_json -> Text,
        reason -> Nullable<Text>,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    public_disclosure_counts (unit_id, month) {
        unit_id -> Text,
        month -> Text,
        n -> BigInt,
    }
}

diesel::table! {
    /// Kept by triggers on `disclosure_records`.
    disclosure_record_counts (unit_id, status) {
        unit_id -> Text,
        status -> Text,
        n -> BigInt,
    }
}

diesel::joinable!(power_adjustments -> power_items (item_id));
diesel::joinable!(discretion_benchmarks -> power_items (power_item_id));
diesel::joinable!(disclosure_records -> units (issuing_unit_id));

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        subject_type -> Text,
        subject_id -> Text,
        plan_id -> Nullable<Text>,
        task_id -> Nullable<Text>,
        title -> Text,
        due_date -> Nullable<Date>,
        on_day -> Date,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(notifications -> users (user_id));

diesel::table! {
    webhook_subscriptions (id) {
        id -> Text,
        url -> Text,
        description -> Nullable<Text>,
        event_types -> Text,
        secret -> Text,
        active -> Bool,
        disabled_reason -> Nullable<Text>,
        event_cursor -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        subscription_id -> Text,
        event_id -> Nullable<BigInt>,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Nullable<Timestamp>,
        claimed_until -> Nullable<Timestamp>,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempt -> Integer,
        started_at -> Timestamp,
        duration_ms -> BigInt,
        status_code -> Nullable<Integer>,
        error -> Nullable<Text>,
        response_excerpt -> Nullable<Text>,
    }
}

diesel::table! {
    attachments (id) {
        id -> Text,
        owner_type -> Text,
        owner_id -> Text,
        unit_id -> Text,
        file_name -> Text,
        media_type -> Text,
        byte_size -> BigInt,
        sha256 -> Text,
        storage_key -> Text,
        status -> Text,
        uploaded_by -> Text,
        uploaded_by_name -> Text,
        withdrawn_at -> Nullable<Timestamp>,
        withdrawn_by_name -> Nullable<Text>,
        withdrawal_reason -> Nullable<Text>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(attachments -> units (unit_id));

diesel::table! {
    statistics_templates (id) {
        id -> Text,
        code -> Text,
        version_number -> Integer,
        name -> Text,
        period_kind -> Text,
        effective_from -> Date,
        definition -> Text,
        created_by_name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    statistics_reports (id) {
        id -> Text,
        unit_id -> Text,
        template_id -> Text,
        template_code -> Text,
        period_kind -> Text,
        period -> Text,
        period_start -> Date,
        due_date -> Date,
        status -> Text,
        figures -> Text,
        explanation -> Nullable<Text>,
        return_comment -> Nullable<Text>,
        returned_fields -> Text,
        revision -> Integer,
        correction_reason -> Nullable<Text>,
        first_submitted_at -> Nullable<Timestamp>,
        submitted_at -> Nullable<Timestamp>,
        accepted_at -> Nullable<Timestamp>,
        reviewed_by -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    statistics_report_revisions (id) {
        id -> Text,
        report_id -> Text,
        revision -> Integer,
        action -> Text,
        figures -> Text,
        derived -> Text,
        explanation -> Nullable<Text>,
        reason -> Nullable<Text>,
        recorded_by -> Nullable<Text>,
        recorded_by_name -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    major_decisions (id) {
        id -> Text,
        unit_id -> Text,
        title -> Text,
        summary -> Text,
        status -> Text,
        steps -> Text,
        decided_on -> Nullable<Date>,
        document_number -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    risk_assessments (id) {
        id -> Text,
        unit_id -> Text,
        activity -> Text,
        activity_date -> Date,
        place -> Text,
        items -> Text,
        score -> Integer,
        level -> Text,
        status -> Text,
        sign_off_opinion -> Nullable<Text>,
        signed_off_by_name -> Nullable<Text>,
        signed_off_at -> Nullable<Timestamp>,
        approval_opinion -> Nullable<Text>,
        approved_by_name -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    question_categories (id) {
        id -> Text,
        parent_id -> Nullable<Text>,
        owner_unit_id -> Text,
        name -> Text,
        sort_order -> Integer,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    questions (id) {
        id -> Text,
        owner_unit_id -> Text,
        category_id -> Text,
        kind -> Text,
        stem -> Text,
        tags -> Text,
        fingerprint -> Text,
        revision -> Integer,
        content -> Text,
        status -> Text,
        retire_reason -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    question_revisions (question_id, revision) {
        question_id -> Text,
        revision -> Integer,
        content -> Text,
        recorded_by_name -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    study_plans (id) {
        id -> Text,
        organiser_unit_id -> Text,
        year -> Integer,
        title -> Text,
        content -> Text,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    quiz_sessions (id) {
        id -> Text,
        organiser_unit_id -> Text,
        kind -> Text,
        title -> Text,
        status -> Text,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        study_plan_id -> Nullable<Text>,
        quarter -> Nullable<Integer>,
        makeup_of -> Nullable<Text>,
        content -> Text,
        max_score -> Integer,
        question_count -> Integer,
        cancel_reason -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    quiz_attempts (id) {
        id -> Text,
        session_id -> Text,
        user_id -> Text,
        unit_id -> Text,
        number -> Integer,
        status -> Text,
        started_at -> Timestamp,
        deadline_at -> Timestamp,
        submitted_at -> Nullable<Timestamp>,
        submitted_how -> Nullable<Text>,
        paper -> Text,
        leave_events -> Text,
        score_centi -> Nullable<BigInt>,
        max_centi -> BigInt,
        passed -> Nullable<Bool>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    quiz_answers (attempt_id, position) {
        attempt_id -> Text,
        position -> Integer,
        kind -> Text,
        option_keys -> Text,
        blank_count -> Integer,
        answer -> Nullable<Text>,
        saved_at -> Nullable<Timestamp>,
        points_centi -> Nullable<BigInt>,
        grader_comment -> Nullable<Text>,
        graded_by_name -> Nullable<Text>,
        graded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    quiz_results (id) {
        id -> Text,
        session_id -> Text,
        user_id -> Text,
        unit_id -> Text,
        attempts -> Integer,
        status -> Text,
        score_centi -> Nullable<BigInt>,
        passed -> Nullable<Bool>,
        last_submitted_at -> Timestamp,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    wrong_answers (user_id, question_id) {
        user_id -> Text,
        question_id -> Text,
        revision -> Integer,
        item -> Text,
        times_wrong -> Integer,
        last_wrong_at -> Timestamp,
        visible_from -> Nullable<Timestamp>,
        mastered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    training_events (id) {
        id -> Text,
        organiser_unit_id -> Text,
        category -> Text,
        title -> Text,
        status -> Text,
        enrol_opens_at -> Timestamp,
        enrol_closes_at -> Timestamp,
        capacity -> Nullable<Integer>,
        milestone_id -> Nullable<Text>,
        content -> Text,
        cancel_reason -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    training_sessions (id) {
        id -> Text,
        event_id -> Text,
        title -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        place -> Text,
        online -> Bool,
        credit_tenths -> Integer,
        check_in_secret -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    training_enrolments (id) {
        id -> Text,
        event_id -> Text,
        user_id -> Text,
        unit_id -> Text,
        status -> Text,
        queued_at -> Timestamp,
        nominated_by_name -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    training_attendance (session_id, user_id) {
        session_id -> Text,
        user_id -> Text,
        status -> Text,
        method -> Text,
        remark -> Nullable<Text>,
        marked_by_name -> Text,
        marked_at -> Timestamp,
    }
}

diesel::table! {
    training_requirements (year) {
        year -> Integer,
        hours_tenths -> Integer,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contests (id) {
        id -> Text,
        organiser_unit_id -> Text,
        kind -> Text,
        title -> Text,
        status -> Text,
        held_on -> Date,
        entry_opens_at -> Timestamp,
        entry_closes_at -> Timestamp,
        milestone_id -> Nullable<Text>,
        content -> Text,
        cancel_reason -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contest_judges (contest_id, user_id) {
        contest_id -> Text,
        user_id -> Text,
        unit_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    contest_entries (id) {
        id -> Text,
        contest_id -> Text,
        unit_id -> Text,
        entrant_user_id -> Nullable<Text>,
        title -> Text,
        summary -> Text,
        disclosure_record_id -> Nullable<Text>,
        status -> Text,
        result_rank -> Nullable<Integer>,
        result_score -> Nullable<Integer>,
        result_award -> Nullable<Text>,
        result_counted -> Nullable<Integer>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contest_scores (entry_id, judge_user_id) {
        entry_id -> Text,
        judge_user_id -> Text,
        contest_id -> Text,
        points -> Text,
        total_tenths -> Integer,
        comment -> Text,
        scored_at -> Timestamp,
    }
}

diesel::table! {
    degrees (id) {
        id -> Text,
        user_id -> Text,
        unit_id -> Text,
        level -> Text,
        school -> Text,
        major -> Text,
        started_on -> Date,
        graduated_on -> Date,
        status -> Text,
        review_comment -> Nullable<Text>,
        verified_by_name -> Nullable<Text>,
        verified_at -> Nullable<Timestamp>,
        reward_yuan -> Nullable<Integer>,
        reward_note -> Nullable<Text>,
        rewarded_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    units,
    users,
    sessions,
    refresh_tokens,
    service_accounts,
    login_throttle,
    idempotency_keys,
    server_secrets,
    audit_events,
    audit_head,
    plans,
    tasks,
    task_units,
    milestones,
    milestone_owners,
    implementation_items,
    progress_reports,
    progress_report_events,
    supervision_notices,
    power_items,
    power_adjustments,
    discretion_benchmarks,
    discretion_tiers,
    discretion_factors,
    calendar_days,
    disclosure_records,
    disclosure_revisions,
    public_disclosure_counts,
    disclosure_record_counts,
    notifications,
    webhook_subscriptions,
    webhook_deliveries,
    webhook_attempts,
    attachments,
    statistics_templates,
    statistics_reports,
    statistics_report_revisions,
    major_decisions,
    risk_assessments,
    question_categories,
    questions,
    question_revisions,
    study_plans,
    quiz_sessions,
    quiz_attempts,
    quiz_answers,
    quiz_results,
    wrong_answers,
    training_events,
    training_sessions,
    training_enrolments,
    training_attendance,
    training_requirements,
    contests,
    contest_judges,
    contest_entries,
    contest_scores,
    degrees,
);

diesel::table! {
    case_submissions (id) {
        id -> Text,
        unit_id -> Text,
        quarter -> Text,
        title -> Text,
        text_json -> Text,
        power_item_ids -> Text,
        disclosure_record_ids -> Text,
        persons -> Text,
        status -> Text,
        review_comment -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        reviewed_by_name -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
        published_text -> Nullable<Text>,
        bulletin_id -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    case_quotas (year) {
        year -> Integer,
        min_per_quarter -> Integer,
        max_per_quarter -> Integer,
        version -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    case_bulletins (id) {
        id -> Text,
        year -> Integer,
        issue_no -> Integer,
        quarter -> Text,
        title -> Text,
        preface -> Text,
        items -> Text,
        status -> Text,
        corrects_id -> Nullable<Text>,
        correction_reason -> Nullable<Text>,
        corrected_by_id -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        published_by_name -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    case_outcomes (id) {
        id -> Text,
        unit_id -> Text,
        disclosure_record_id -> Nullable<Text>,
        document_number -> Text,
        kind -> Text,
        instance -> Nullable<Text>,
        body -> Text,
        filed_on -> Date,
        result -> Nullable<Text>,
        decided_on -> Nullable<Date>,
        note -> Text,
        external_id -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    veto_events (id) {
        id -> Text,
        unit_id -> Text,
        year -> Integer,
        kind -> Text,
        outcome_id -> Text,
        document_number -> Text,
        occurred_on -> Date,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    rule_sets (id) {
        id -> Text,
        kind -> Text,
        version_no -> Integer,
        name -> Text,
        effective_from -> Date,
        status -> Text,
        document -> Text,
        based_on_id -> Nullable<Text>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    case_reviews (id) {
        id -> Text,
        unit_id -> Text,
        disclosure_record_id -> Nullable<Text>,
        file_title -> Text,
        file_number -> Text,
        round -> Text,
        reviewer_id -> Text,
        reviewer_unit_id -> Text,
        rule_set_id -> Text,
        status -> Text,
        findings -> Text,
        comment -> Text,
        score_tenths -> BigInt,
        grade -> Text,
        result -> Text,
        reviewed_on -> Nullable<Date>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    assessment_runs (id) {
        id -> Text,
        period -> Text,
        period_start -> Date,
        period_end -> Date,
        rule_set_id -> Text,
        results -> Text,
        units -> Integer,
        run_by_name -> Text,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    assessment_notices (id) {
        id -> Text,
        run_id -> Text,
        period -> Text,
        doc_year -> Nullable<Integer>,
        doc_serial -> Nullable<Integer>,
        title -> Text,
        body -> Text,
        problems -> Text,
        rows_json -> Text,
        status -> Text,
        drafted_by_name -> Text,
        approved_by_name -> Nullable<Text>,
        approved_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    demonstration_rounds (id) {
        id -> Text,
        year -> Integer,
        name -> Text,
        criteria_id -> Text,
        weight_written -> Integer,
        weight_onsite -> Integer,
        weight_indicators -> Integer,
        apply_by -> Date,
        review_by -> Date,
        awards -> Integer,
        reviewer_ids -> Text,
        status -> Text,
        named -> Text,
        decided_by_name -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    demonstration_applications (id) {
        id -> Text,
        round_id -> Text,
        unit_id -> Text,
        recommender_unit_id -> Text,
        summary -> Text,
        self_assessment -> Text,
        status -> Text,
        submitted_at -> Nullable<Timestamp>,
        recommendation_comment -> Nullable<Text>,
        recommended_by_name -> Nullable<Text>,
        recommended_at -> Nullable<Timestamp>,
        named -> Bool,
        created_by -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    demonstration_reviews (id) {
        id -> Text,
        application_id -> Text,
        round_id -> Text,
        unit_id -> Text,
        phase -> Text,
        reviewer_id -> Text,
        reviewer_name -> Text,
        findings -> Text,
        result -> Text,
        score_tenths -> BigInt,
        vetoed -> Bool,
        visited_on -> Nullable<Date>,
        participants -> Text,
        checked -> Text,
        notes -> Text,
        status -> Text,
        submitted_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
