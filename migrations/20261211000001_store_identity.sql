-- The store's identity: a random id made once, with the database, and kept by pg_dump and
-- restore. The key directory (see `store/src/keys/`) holds each store's keys in a folder
-- named after it, so that two databases given the same key directory never share or
-- destroy each other's keys, and a restored backup finds its own.
CREATE TABLE store_identity
(
    id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    singleton boolean NOT NULL UNIQUE DEFAULT true CHECK (singleton)
);
INSERT INTO store_identity DEFAULT VALUES;
