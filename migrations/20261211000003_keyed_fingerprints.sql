-- The fingerprint of a request kept for its Idempotency-Key is now an HMAC under a secret
-- of the key directory, and leaves a ballot's body out (see `api/src/http/idempotency.rs`):
-- an unsalted SHA-256 of a ballot's body told its choice to anyone who hashed the three
-- possible bodies. The fingerprints kept before are dropped (an empty one is taken to
-- match any retry of its key, which then gets the first answer); they were kept for 48
-- hours at most.
UPDATE idempotency_keys SET fingerprint = ''::bytea;
COMMENT ON COLUMN idempotency_keys.fingerprint IS
    'HMAC-SHA256, under the key directory''s idempotency-fingerprint.key, of the method, path, content type and (except for a ballot) body of the first request; empty: kept before the HMAC, matches any retry';
