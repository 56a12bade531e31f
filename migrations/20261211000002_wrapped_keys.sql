-- The keys that open personal data and secret ballots are no longer kept in the clear:
-- each is wrapped (sealed) under a key-encryption key (KEK) that lives outside the
-- database, in the key directory (see `store/src/keys/`). `key_encryption` names the KEK
-- new keys are wrapped under. Erasing a person or closing a vote destroys its key here and
-- marks a rotation due: a new KEK is made, every living key is wrapped again under it, and
-- the old KEK's file is removed, so no copy of these tables (a dead row version, the WAL, a
-- replica, a backup) opens the destroyed key any more.
CREATE TABLE key_encryption
(
    singleton    boolean     NOT NULL PRIMARY KEY DEFAULT true CHECK (singleton),
    -- The KEK new keys are wrapped under; NULL until the first start makes one (keys stay
    -- in the clear in `key` until then, as before this migration).
    current      uuid,
    -- A key was destroyed since the last rotation.
    rotation_due boolean     NOT NULL DEFAULT true,
    rotated_at   timestamptz
);
INSERT INTO key_encryption DEFAULT VALUES;

ALTER TABLE personal_data_keys
    DROP CONSTRAINT personal_data_keys_erased_has_no_key,
    ADD COLUMN wrapped bytea,
    ADD COLUMN kek     uuid,
    ADD CONSTRAINT personal_data_keys_wrapped_names_its_kek CHECK ((wrapped IS NULL) = (kek IS NULL)),
    ADD CONSTRAINT personal_data_keys_one_key CHECK (key IS NULL OR wrapped IS NULL),
    ADD CONSTRAINT personal_data_keys_erased_has_no_key
        CHECK ((key IS NULL AND wrapped IS NULL) = (erased_at IS NOT NULL));

ALTER TABLE vote_keys
    ALTER COLUMN key DROP NOT NULL,
    ADD COLUMN wrapped bytea,
    ADD COLUMN kek     uuid,
    ADD CONSTRAINT vote_keys_wrapped_names_its_kek CHECK ((wrapped IS NULL) = (kek IS NULL)),
    ADD CONSTRAINT vote_keys_one_key CHECK ((key IS NULL) <> (wrapped IS NULL));

-- An erasure is still announced when the key goes (see migration 16), now that a key is
-- kept wrapped; a rotation, which wraps a key again, announces nothing.
DROP TRIGGER personal_data_keys_announce ON personal_data_keys;
CREATE TRIGGER personal_data_keys_announce
    AFTER UPDATE ON personal_data_keys
    FOR EACH ROW WHEN ((OLD.key IS NOT NULL OR OLD.wrapped IS NOT NULL)
        AND NEW.key IS NULL AND NEW.wrapped IS NULL)
    EXECUTE FUNCTION personal_data_keys_announce();
