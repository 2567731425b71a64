DELETE FROM notifications WHERE kind = 'quiz_open';
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'report_returned', 'notice_received', 'review_waiting', 'deadline_soon',
    'deadline_passed'));
DROP TABLE wrong_answers;
DROP TABLE quiz_results;
DROP TABLE quiz_answers;
DROP TABLE quiz_attempts;
DROP TABLE quiz_sessions;
DROP TABLE study_plans;
DROP TABLE question_revisions;
DROP TABLE questions;
DROP TABLE question_categories;
