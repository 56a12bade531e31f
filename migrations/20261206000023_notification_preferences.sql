-- How each person receives each kind of message (issue 24). No row: at once.
CREATE TABLE notification_preferences
(
    person_id  uuid        NOT NULL,
    kind       text        NOT NULL,
    delivery   text        NOT NULL CHECK (delivery IN ('immediate', 'daily_digest', 'off')),
    changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (person_id, kind)
);

-- The key in each person's unsubscribe links, which change that person's choices and
-- nothing else, without signing in. Random, made when their first message is written.
CREATE TABLE notification_unsubscribe_keys
(
    person_id  uuid PRIMARY KEY,
    key        text        NOT NULL CONSTRAINT notification_unsubscribe_keys_key UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The key in each person's private calendar feed URL: unguessable, apart from their
-- unsubscribe key (a forwarded message must not open their calendar), replaced on request.
CREATE TABLE calendar_feed_keys
(
    person_id  uuid PRIMARY KEY,
    key        text        NOT NULL CONSTRAINT calendar_feed_keys_key UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
