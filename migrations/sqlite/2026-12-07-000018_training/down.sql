DROP TABLE training_requirements;
DROP TABLE training_attendance;
DROP TABLE training_enrolments;
DROP TABLE training_sessions;
DROP TABLE training_events;
