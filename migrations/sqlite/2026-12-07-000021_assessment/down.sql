DELETE FROM notifications WHERE kind = 'assessment_warning';
CREATE TABLE notifications_previous (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id),
    kind            TEXT NOT NULL CHECK (kind IN ('report_returned', 'notice_received',
                        'review_waiting', 'deadline_soon', 'deadline_passed', 'quiz_open')),
    subject_type    TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    plan_id         TEXT REFERENCES plans (id),
    task_id         TEXT REFERENCES tasks (id),
    title           TEXT NOT NULL,
    due_date        DATE,
    on_day          DATE NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    read_at         TIMESTAMP,
    UNIQUE (user_id, kind, subject_id, on_day)
);
INSERT INTO notifications_previous SELECT * FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_previous RENAME TO notifications;
CREATE INDEX notifications_inbox ON notifications (user_id, created_at, id);
DROP TABLE assessment_notices;
DROP TABLE assessment_runs;
DROP TABLE case_reviews;
DROP TABLE rule_sets;
