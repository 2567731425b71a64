-- A password an administrator issued (a temporary one) must be replaced by its user
-- at the next sign-in before anything else can be done.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT 0;
