-- Webhooks (issue 24): endpoints the secretariat registers to be told of events, following
-- the Standard Webhooks specification. Their messages wait in the same outbox as e-mail.

CREATE TABLE webhooks
(
    webhook_id      uuid PRIMARY KEY,
    -- An http(s) URL the messages are POSTed to.
    url             text        NOT NULL,
    -- The kinds of event it wants ("application.stage_advanced", ...; see
    -- charter_notifications::webhooks::event_types).
    event_types     text[]      NOT NULL CHECK (cardinality(event_types) > 0),
    -- The signing secret, `whsec_` and the base64 of 32 random bytes. It is kept as it is,
    -- not hashed, because every delivery is signed with it (HMAC needs the secret itself,
    -- unlike a bearer token, which is only compared). It is protected like the keys of
    -- personal data in `personal_data_keys`: only the database's own users read it. The
    -- server shows it once, in the answer to the registration or rotation that made it,
    -- never lists it and never logs it.
    secret          text        NOT NULL,
    enabled         boolean     NOT NULL DEFAULT true,
    disabled_at     timestamptz,
    -- Who or what disabled it, in words: the secretariat, a 410 Gone, or failing for days.
    disabled_reason text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      uuid        NOT NULL,
    -- It is told of events after this position only: a new endpoint is not sent the past
    -- (nor is one the subscriber reaches late, when it follows the log from the start).
    from_position   bigint      NOT NULL DEFAULT 0,
    secret_rotated_at timestamptz,
    last_success_at timestamptz,
    -- The first failure since its last success; NULL while it succeeds. An endpoint failing
    -- for longer than the server's limit is disabled.
    failing_since   timestamptz,
    CONSTRAINT webhooks_disabled_when CHECK (enabled = (disabled_at IS NULL))
);

-- What the subscriber matches each event against.
CREATE INDEX webhooks_enabled ON webhooks USING gin (event_types) WHERE enabled;

-- Which application each vote is about, for the vote events that do not say it (a ballot
-- cast, a recusal): the webhook subscriber's own copy, kept at its own checkpoint.
CREATE TABLE webhook_votes
(
    vote_id        uuid PRIMARY KEY,
    application_id uuid NOT NULL
);

-- A webhook message names the endpoint it goes to (NULL for e-mail).
ALTER TABLE notification_messages
    ADD COLUMN webhook_id uuid REFERENCES webhooks ON DELETE SET NULL;

CREATE INDEX notification_messages_webhook ON notification_messages (webhook_id, message_id)
    WHERE webhook_id IS NOT NULL;
