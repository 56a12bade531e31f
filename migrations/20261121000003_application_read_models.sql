-- Read models of applications, fed by the projector. Rebuilt from the event store at will.

CREATE TABLE application_summaries
(
    application_id uuid PRIMARY KEY,
    city           text        NOT NULL,
    country        text        NOT NULL,
    hub_name       text        NOT NULL,
    founders       jsonb       NOT NULL,
    stage          text        NOT NULL,
    stage_since    timestamptz NOT NULL,
    opened_at      timestamptz NOT NULL,
    review_count   integer     NOT NULL DEFAULT 0,
    next_deadline  timestamptz,
    version        bigint      NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE INDEX application_summaries_stage ON application_summaries (stage, stage_since);

CREATE TABLE application_documents
(
    application_id uuid        NOT NULL,
    kind           text        NOT NULL,
    version        integer     NOT NULL,
    sha256         text        NOT NULL,
    size           bigint      NOT NULL,
    media_type     text        NOT NULL,
    file_name      text        NOT NULL,
    submitted_by   uuid        NOT NULL,
    submitted_at   timestamptz NOT NULL,
    PRIMARY KEY (application_id, kind, version)
);

CREATE TABLE application_panel
(
    application_id uuid        NOT NULL,
    panelist_id    uuid        NOT NULL,
    name           text        NOT NULL,
    assigned_at    timestamptz NOT NULL,
    recused_at     timestamptz,
    PRIMARY KEY (application_id, panelist_id)
);

CREATE INDEX application_panel_panelist ON application_panel (panelist_id);

CREATE TABLE application_revision_requests
(
    application_id   uuid        NOT NULL,
    request          integer     NOT NULL,
    kind             text        NOT NULL,
    deadline         timestamptz NOT NULL,
    reason           text        NOT NULL,
    requested_at     timestamptz NOT NULL,
    answered_version integer,
    answered_at      timestamptz,
    PRIMARY KEY (application_id, request)
);

CREATE TABLE application_timeline
(
    application_id  uuid        NOT NULL,
    sequence        bigint      NOT NULL,
    global_position bigint      NOT NULL,
    event_type      text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    actor_id        uuid,
    actor_name      text,
    actor_role      text,
    request_id      text,
    summary         text        NOT NULL,
    -- 'everyone', or 'staff' for the panel's internal work (assignments, conflicts,
    -- reviews), which founders see only once the secretariat releases feedback.
    audience        text        NOT NULL CHECK (audience IN ('everyone', 'staff')),
    PRIMARY KEY (application_id, sequence)
);
