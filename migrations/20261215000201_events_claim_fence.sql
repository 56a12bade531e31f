-- A request that outlived its server may not write. A server killed in the middle of a
-- command can leave its append waiting inside PostgreSQL (on a lock, say), which does not
-- notice the client is gone; a retry meanwhile finds the claim's instance dead, takes the
-- claim over and runs the command. Each event of a request run under a claim names the
-- claiming instance (`claim_instance` in its metadata); its append is refused unless that
-- instance still holds the claim, and holds the claim's row while the append commits: a
-- take-over either waits for that commit (and then finds the events) or, done first, makes
-- the late append fail. Events without `claim_instance` (written outside a keyed request,
-- or before) are not concerned.
CREATE FUNCTION events_hold_claim() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    claimer integer := (NEW.metadata ->> 'claim_instance')::integer;
BEGIN
    IF claimer IS NULL THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM idempotency_keys k
     WHERE k.person_id = (NEW.metadata ->> 'actor_id')::uuid
       AND k.key = NEW.metadata ->> 'idempotency_key'
       AND k.instance = claimer
       AND k.status IS NULL
       FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the request''s claim on its Idempotency-Key was taken over by a retry';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER events_hold_claim
    BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_hold_claim();
