-- Every change to a token's row (a revocation, an erasure's renaming) is announced on the
-- `charter_tokens` channel when it commits: each server instance keeps the tokens it has
-- recently authenticated, and forgets them all when it hears this (see
-- `api/src/auth/cache.rs`). Row triggers, so that a statement that changes nothing (a
-- second revocation) announces nothing; PostgreSQL sends the same notification once per
-- transaction, so revoking every token of a person sends one. Tokens change rarely: the
-- database-wide lock a NOTIFY takes at commit costs nothing here.
CREATE FUNCTION api_tokens_announce() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('charter_tokens', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER api_tokens_announce
    AFTER UPDATE OR DELETE ON api_tokens
    FOR EACH ROW EXECUTE FUNCTION api_tokens_announce();

CREATE TRIGGER api_tokens_announce_truncate
    AFTER TRUNCATE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION api_tokens_announce();
