-- The applicant status read model (projection `applicant_status`): what founders are shown
-- beyond the summary. A projection of its own, so that on an existing database it fills
-- itself from the first event instead of starting half-way.

CREATE TABLE application_interviews
(
    application_id uuid        NOT NULL,
    interview      integer     NOT NULL,
    scheduled_for  timestamptz NOT NULL,
    location       text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
    -- The stage the interview was held in, once held.
    held_in        text,
    scheduled_at   timestamptz NOT NULL,
    -- When it was recorded as held, or cancelled.
    settled_at     timestamptz,
    PRIMARY KEY (application_id, interview)
);

-- Every revision of a review the secretariat released, as released: the panelist is not
-- named. Unreleased reviews never reach this table.
CREATE TABLE application_feedback
(
    application_id uuid        NOT NULL,
    review         integer     NOT NULL,
    revision       integer     NOT NULL,
    kind           text        NOT NULL,
    version        integer     NOT NULL,
    recommendation text        NOT NULL,
    scores         jsonb       NOT NULL,
    comments       text        NOT NULL,
    note           text,
    released_at    timestamptz NOT NULL,
    PRIMARY KEY (application_id, review, revision)
);
