-- The roster and the committee's votes: read models, plus the keys of secret votes.

CREATE TABLE people
(
    person_id     uuid PRIMARY KEY,
    name          text        NOT NULL,
    email         text,
    registered_at timestamptz NOT NULL,
    in_panel_pool boolean     NOT NULL DEFAULT false,
    expertise     jsonb       NOT NULL DEFAULT '[]'
);

CREATE TABLE committee_seats
(
    person_id uuid NOT NULL,
    since     date NOT NULL,
    -- The first day the person no longer sits; open while NULL.
    until     date,
    PRIMARY KEY (person_id, since)
);

CREATE TABLE votes
(
    vote_id        uuid PRIMARY KEY,
    application_id uuid        NOT NULL,
    stage          text        NOT NULL,
    motion         jsonb       NOT NULL,
    rule           jsonb       NOT NULL,
    ballot         text        NOT NULL CHECK (ballot IN ('open', 'secret')),
    policy_version text        NOT NULL,
    opened_at      timestamptz NOT NULL,
    opened_by      uuid,
    closes_at      timestamptz NOT NULL,
    closed_at      timestamptz,
    tally          jsonb,
    outcome        text,
    version        bigint      NOT NULL
);

CREATE INDEX votes_application ON votes (application_id);
CREATE INDEX votes_closing ON votes (closes_at) WHERE closed_at IS NULL;

-- The electorate fixed at opening, and what each member did.
CREATE TABLE vote_members
(
    vote_id        uuid        NOT NULL,
    person_id      uuid        NOT NULL,
    name           text        NOT NULL,
    ballots_cast   integer     NOT NULL DEFAULT 0,
    last_cast_at   timestamptz,
    recused_at     timestamptz,
    recusal_reason text,
    PRIMARY KEY (vote_id, person_id)
);

CREATE INDEX vote_members_person ON vote_members (person_id);

-- Every ballot and change. For a secret vote `choice` and `reason` stay NULL: the register
-- shows who took part, never who chose what.
CREATE TABLE vote_ballots
(
    vote_id   uuid        NOT NULL,
    person_id uuid        NOT NULL,
    revision  integer     NOT NULL,
    cast_at   timestamptz NOT NULL,
    choice    text CHECK (choice IN ('yes', 'no', 'abstain')),
    reason    text,
    PRIMARY KEY (vote_id, person_id, revision)
);

-- The sealing key of each vote still open: never in the event store, destroyed when the
-- vote closes, after which its sealed ballots cannot be opened by anyone.
CREATE TABLE vote_keys
(
    vote_id    uuid PRIMARY KEY,
    key        bytea       NOT NULL CHECK (octet_length(key) = 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- What the process manager did with each closed vote, for people to see.
CREATE TABLE vote_outcome_actions
(
    vote_id        uuid PRIMARY KEY,
    application_id uuid        NOT NULL,
    action         text        NOT NULL,
    result         text        NOT NULL CHECK (result IN ('carried_out', 'refused', 'nothing_to_do')),
    detail         text,
    at             timestamptz NOT NULL
);

ALTER TABLE application_summaries ADD COLUMN appeal text;
