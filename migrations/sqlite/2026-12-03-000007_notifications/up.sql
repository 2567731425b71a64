-- The notification centre (站内信). One row per user and thing to act on. The unique
-- key (user, kind, subject, day) is what makes the reminder job safe to run in several
-- API processes at once: a second insert of the same reminder fails and is skipped.
CREATE TABLE notifications (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users (id),
    kind            TEXT NOT NULL CHECK (kind IN ('report_returned', 'notice_received',
                        'review_waiting', 'deadline_soon', 'deadline_passed')),
    subject_type    TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    plan_id         TEXT REFERENCES plans (id),
    task_id         TEXT REFERENCES tasks (id),
    title           TEXT NOT NULL,
    due_date        DATE,
    -- The day the notification is for: the reminder's day for 'deadline_soon', the due
    -- date for 'deadline_passed' (sent once), the event's day otherwise.
    on_day          DATE NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    read_at         TIMESTAMP,
    UNIQUE (user_id, kind, subject_id, on_day)
);
CREATE INDEX notifications_inbox ON notifications (user_id, created_at, id);
