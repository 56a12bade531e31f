-- Notifications (issue 24): what the notifier knows of whom to tell, and the outbox the
-- messages wait in until they are delivered.

-- The notifier's own copy of the people, applications and votes it tells about, kept at its
-- own checkpoint (another read model may be ahead or behind it). Addresses are kept as the
-- read models keep them, and blanked when the person's data is erased.
CREATE TABLE notice_people
(
    person_id uuid PRIMARY KEY,
    name      text NOT NULL,
    email     text,
    -- A BCP 47 tag; English until people can choose.
    language  text NOT NULL DEFAULT 'en'
);

CREATE TABLE notice_applications
(
    application_id uuid PRIMARY KEY,
    hub_name       text   NOT NULL,
    city           text   NOT NULL,
    founders       uuid[] NOT NULL,
    -- Assigned and not conflicted out.
    panelists      uuid[] NOT NULL DEFAULT '{}',
    stage          text   NOT NULL,
    -- Whether the founders have signed the agreement.
    founders_signed boolean NOT NULL DEFAULT false
);

-- Each interview's time, place and moves: a cancellation's calendar message names them.
CREATE TABLE notice_interviews
(
    application_id uuid        NOT NULL,
    interview      integer     NOT NULL,
    scheduled_for  timestamptz NOT NULL,
    location       text        NOT NULL,
    moves          integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (application_id, interview)
);

CREATE TABLE notice_votes
(
    vote_id        uuid PRIMARY KEY,
    application_id uuid        NOT NULL,
    electorate     uuid[]      NOT NULL,
    ballot         text        NOT NULL,
    motion         jsonb       NOT NULL,
    closes_at      timestamptz NOT NULL,
    -- How it ended and its count in words, once closed.
    outcome        text,
    tally          text
);

-- The outbox. A row is written in the same transaction that decides it (the notifier's
-- checkpoint, or a reminder's round), keyed by what it is about, so it is decided once; the
-- delivery worker sends it, with the same Message-ID on every try.
CREATE TABLE notification_messages
(
    message_id      uuid PRIMARY KEY,
    -- The order messages were decided in, which each reader's are sent in.
    seq             bigserial   NOT NULL,
    -- What the message is about and for whom: "event/<position>/<kind>/<person>",
    -- "reminder/<deadline>/<offset>/<person>", ...
    dedupe_key      text        NOT NULL CONSTRAINT notification_messages_once UNIQUE,
    kind            text        NOT NULL,
    channel         text        NOT NULL CHECK (channel IN ('email', 'webhook')),
    recipient       uuid,
    application_id  uuid,
    event_position  bigint,
    -- Never personal: the kind of message and the hub it is about.
    subject         text        NOT NULL,
    -- The address and the whole message, sealed under the recipient's key (see
    -- charter_store::personal_data): unreadable once their data is erased. NULL once purged.
    sealed_content  text,
    -- 'held' waits for its reader's daily digest, and is 'digested' once in one.
    status          text        NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'dead', 'dropped', 'held', 'digested')),
    -- The digest a held message went out in.
    digest_id       uuid,
    attempts        integer     NOT NULL DEFAULT 0,
    -- The tries made before the secretariat last sent it again: the limit counts from there.
    attempts_before_resend integer NOT NULL DEFAULT 0,
    -- Since when it has been tried: decided, or last sent again.
    pending_since   timestamptz NOT NULL DEFAULT now(),
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- Set while a worker sends it; another takes it only once this has passed.
    claimed_until   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    last_error      text,
    purged_at       timestamptz
);

CREATE INDEX notification_messages_due ON notification_messages (next_attempt_at)
    WHERE status = 'pending';
CREATE INDEX notification_messages_held ON notification_messages (recipient, created_at)
    WHERE status = 'held';
CREATE INDEX notification_messages_recipient ON notification_messages (recipient);
-- A reader's pending messages in order: a sender takes none before an earlier one.
CREATE INDEX notification_messages_reader_order
    ON notification_messages (recipient, next_attempt_at, seq) WHERE status = 'pending';
-- What the retention has still to forget.
CREATE INDEX notification_messages_unpurged ON notification_messages (created_at)
    WHERE sealed_content IS NOT NULL;
CREATE INDEX notification_messages_application ON notification_messages (application_id);

-- Every try at delivering a message, and how it ended.
CREATE TABLE notification_attempts
(
    message_id  uuid        NOT NULL REFERENCES notification_messages ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('sent', 'failed', 'refused', 'dropped')),
    detail      text,
    PRIMARY KEY (message_id, attempt)
);
