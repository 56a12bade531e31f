-- A personal-data key destroyed by an erasure is announced on the `charter_keys` channel
-- when it commits: every server instance then forgets the keys it keeps and the aggregate
-- states it opened with them (see `api/src/invalidation.rs`), at once instead of within
-- their cache's minute. Only a key that goes is announced: a second erasure of the same
-- person, or one of an id nothing is kept under, announces nothing. Keys are otherwise
-- only ever inserted.
CREATE FUNCTION personal_data_keys_announce() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('charter_keys', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER personal_data_keys_announce
    AFTER UPDATE ON personal_data_keys
    FOR EACH ROW WHEN (OLD.key IS NOT NULL AND NEW.key IS NULL)
    EXECUTE FUNCTION personal_data_keys_announce();

CREATE TRIGGER personal_data_keys_announce_delete
    AFTER DELETE ON personal_data_keys
    FOR EACH ROW EXECUTE FUNCTION personal_data_keys_announce();

CREATE TRIGGER personal_data_keys_announce_truncate
    AFTER TRUNCATE ON personal_data_keys
    FOR EACH STATEMENT EXECUTE FUNCTION personal_data_keys_announce();
