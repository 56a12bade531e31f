-- Interviews can move (`InterviewRescheduled`): the applicant status keeps the latest time
-- and place in the columns it had, and how many times and when it last moved, so that
-- founders see that it moved and a calendar entry about it can carry the count as its
-- SEQUENCE. The earlier times and places stay in the events.
ALTER TABLE application_interviews
    ADD COLUMN moves          integer NOT NULL DEFAULT 0 CHECK (moves >= 0),
    ADD COLUMN rescheduled_at timestamptz;
