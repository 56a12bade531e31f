-- Commands that can be retried: a POST carrying `Idempotency-Key` is answered once and
-- replayed after. A row is claimed (status NULL) before the command runs and completed with
-- the response when it succeeds; a refused or failed request releases its claim. The key
-- also goes into the metadata of the events the request writes, so a claim left by a crash
-- can be told apart: events carry the key (the command took effect) or none do (it did not).
CREATE TABLE idempotency_keys
(
    person_id   uuid        NOT NULL,
    key         text        NOT NULL,
    -- SHA-256 of the method, path, content type and body of the first request.
    fingerprint bytea       NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT now(),
    status      smallint,
    headers     jsonb,
    body        bytea,
    PRIMARY KEY (person_id, key)
);

CREATE INDEX idempotency_keys_age ON idempotency_keys (claimed_at);

CREATE INDEX events_idempotency_key ON events ((metadata ->> 'idempotency_key'))
    WHERE metadata ->> 'idempotency_key' IS NOT NULL;
