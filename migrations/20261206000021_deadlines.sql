-- The deadlines read model (issue 24): what falls due, when, and who still has to act on
-- it, for reminders and each person's calendar. Derived from application and vote events.

CREATE TABLE deadlines
(
    deadline_key     text PRIMARY KEY,
    kind             text        NOT NULL
        CHECK (kind IN ('review_due', 'revision_due', 'vote_closes', 'interview', 'stage_limit')),
    application_id   uuid        NOT NULL,
    -- When it falls due, where its event names the time: a revision's deadline, a vote's
    -- closing, an interview.
    due_at           timestamptz,
    -- Where the policy sets the time instead (review_due: the version's submission plus
    -- `review_days`; stage_limit: entry into the stage plus its `max_days_in_stage`): when
    -- it runs from. The due time is computed with the policy in force when it is read, as
    -- the review queue and the dashboard compute theirs.
    runs_from        timestamptz,
    -- What the reminder names.
    stage            text,
    document_kind    text,
    document_version integer,
    request          integer,
    vote_id          uuid,
    motion           jsonb,
    interview        integer,
    location         text,
    -- When and how it stopped being due; open while NULL.
    done_at          timestamptz,
    done_by          text
        CHECK (done_by IN ('replaced', 'answered', 'held', 'cancelled', 'rescheduled', 'closed',
                           'left', 'ended')),
    CHECK ((due_at IS NULL) <> (runs_from IS NULL)),
    CHECK ((done_at IS NULL) = (done_by IS NULL))
);

CREATE INDEX deadlines_open ON deadlines (application_id, kind) WHERE done_at IS NULL;

-- Who still has to act on a deadline (or attend it): a person leaves when they act.
CREATE TABLE deadline_people
(
    deadline_key text NOT NULL,
    person_id    uuid NOT NULL,
    PRIMARY KEY (deadline_key, person_id)
);

CREATE INDEX deadline_people_person ON deadline_people (person_id);

-- Whom an application's deadlines concern: its founders, and the panelists assigned to it
-- who have not declared a conflict (each later document version is theirs to review).
CREATE TABLE deadline_parties
(
    application_id uuid NOT NULL,
    person_id      uuid NOT NULL,
    role           text NOT NULL CHECK (role IN ('founder', 'panelist')),
    PRIMARY KEY (application_id, role, person_id)
);
