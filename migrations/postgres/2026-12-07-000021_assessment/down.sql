DELETE FROM notifications WHERE kind = 'assessment_warning';
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'report_returned', 'notice_received', 'review_waiting', 'deadline_soon',
    'deadline_passed', 'quiz_open'));
DROP TABLE assessment_notices;
DROP TABLE assessment_runs;
DROP TABLE case_reviews;
DROP TABLE rule_sets;
