-- Document bytes, addressed by their SHA-256. Events carry the hash; the bytes live here
-- once however often they are submitted.
CREATE TABLE document_blobs
(
    sha256    text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size      bigint      NOT NULL CHECK (size > 0),
    content   bytea       NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_blobs_size_matches CHECK (octet_length(content) = size)
);

-- Bearer tokens. Only the SHA-256 of a token is kept; the token itself is shown once.
CREATE TABLE api_tokens
(
    token_id       uuid PRIMARY KEY,
    token_hash     bytea       NOT NULL,
    person_id      uuid        NOT NULL,
    name           text        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('applicant', 'panelist', 'committee', 'secretariat')),
    application_id uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz,
    revoked_at     timestamptz,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_applicant_scoped CHECK ((role = 'applicant') = (application_id IS NOT NULL))
);

CREATE INDEX api_tokens_person ON api_tokens (person_id);
