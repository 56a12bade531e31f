-- The web pages' sign-in: sessions, one-time codes, the requests that rate-limit them, and
-- each person's settings for the pages (language, time zone).

-- tower-sessions' PostgreSQL store, as its `migrate()` would create it (schema and table
-- names are set in `pages::session`). A row is a browser's session: opaque, expiring.
CREATE TABLE web_sessions
(
    id          text PRIMARY KEY NOT NULL,
    data        bytea            NOT NULL,
    expiry_date timestamptz      NOT NULL
);
CREATE INDEX web_sessions_expiry ON web_sessions (expiry_date);

-- A code e-mailed to sign in: the code and the link's key are stored only as hashes,
-- valid for 15 minutes, used once, and dead after too many wrong guesses.
CREATE TABLE sign_in_codes
(
    code_id      uuid PRIMARY KEY,
    person_id    uuid        NOT NULL,
    code_hash    bytea       NOT NULL,
    link_hash    bytea       NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    wrong_guesses integer    NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_codes_person ON sign_in_codes (person_id, created_at);

-- Every request for a code, known address or not, for the limits per address and per
-- client. The address and the client are kept as hashes: the table says how often, not who.
CREATE TABLE sign_in_requests
(
    address_hash bytea       NOT NULL,
    client_hash  bytea       NOT NULL,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_requests_address ON sign_in_requests (address_hash, at);
CREATE INDEX sign_in_requests_client ON sign_in_requests (client_hash, at);

-- What a person chose for the pages. Not part of the record: a preference, like the
-- notification preferences.
CREATE TABLE person_settings
(
    person_id  uuid PRIMARY KEY,
    language   text,
    time_zone  text,
    updated_at timestamptz NOT NULL DEFAULT now()
);
