-- A personal-data key destroyed by an erasure is announced on the `charter_keys` channel
-- when it commits: every server instance then forgets the keys it keeps and the aggregate
-- states it opened with them (see `api/src/invalidation.rs`), at once instead of within
-- their cache's minute. Keys are only ever inserted otherwise, which announces nothing.
CREATE FUNCTION personal_data_keys_announce() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('charter_keys', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER personal_data_keys_announce
    AFTER UPDATE OR DELETE OR TRUNCATE ON personal_data_keys
    FOR EACH STATEMENT EXECUTE FUNCTION personal_data_keys_announce();
