-- Every stay of every application in a stage: when it entered, when and how it left.
-- Time in stage and outcomes per gate are computed from these event times.
CREATE TABLE application_stays
(
    application_id uuid        NOT NULL,
    stage          text        NOT NULL,
    entered_at     timestamptz NOT NULL,
    left_at        timestamptz,
    -- 'advanced', 'rejected', 'withdrawn' or 'reopened' (an appeal granted) once left.
    left_by        text CHECK (left_by IN ('advanced', 'rejected', 'withdrawn', 'reopened')),
    PRIMARY KEY (application_id, entered_at, stage)
);

CREATE INDEX application_stays_current ON application_stays (stage) WHERE left_at IS NULL;
