-- When the scheduler recorded that a revision request passed its deadline unanswered.
ALTER TABLE application_revision_requests ADD COLUMN overdue_at timestamptz;

CREATE INDEX application_revision_requests_due
    ON application_revision_requests (deadline)
    WHERE answered_version IS NULL AND overdue_at IS NULL;
