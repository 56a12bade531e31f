-- Tamper evidence: each event carries a SHA-256 hash over its content and the hash of the
-- previous event of the same aggregate, and `stream_heads` holds each aggregate's last
-- sequence and hash, so a changed, removed (even the last) or reordered event breaks a
-- chain that `charter audit verify` recomputes.

-- The hash of one event given the previous event's hash (NULL for the first). Every field
-- is written in a form that does not depend on the session (time as epoch microseconds,
-- JSON as the text stored).
CREATE FUNCTION event_hash(previous bytea, aggregate_type text, aggregate_id text,
                           sequence bigint, event_type text, event_version text,
                           payload json, metadata json, global_position bigint,
                           event_id uuid, recorded_at timestamptz) RETURNS bytea
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE AS
$$
SELECT sha256(coalesce(previous, ''::bytea) || convert_to(
        jsonb_build_array(aggregate_type, aggregate_id, sequence, event_type, event_version,
                          payload::text, metadata::text, global_position, event_id::text,
                          (extract(epoch FROM recorded_at) * 1000000)::bigint)::text,
        'UTF8'))
$$;

CREATE TABLE stream_heads
(
    aggregate_type text   NOT NULL,
    aggregate_id   text   NOT NULL,
    sequence       bigint NOT NULL,
    hash           bytea  NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id)
);

ALTER TABLE events ADD COLUMN hash bytea;

-- Existing events are chained once, in each aggregate's order.
ALTER TABLE events DISABLE TRIGGER events_append_only;
DO
$$
DECLARE
    e        record;
    previous bytea;
    stream   text := NULL;
BEGIN
    FOR e IN SELECT * FROM events ORDER BY aggregate_type, aggregate_id, sequence
        LOOP
            IF stream IS DISTINCT FROM e.aggregate_type || '/' || e.aggregate_id THEN
                previous := NULL;
                stream := e.aggregate_type || '/' || e.aggregate_id;
            END IF;
            previous := event_hash(previous, e.aggregate_type, e.aggregate_id, e.sequence,
                                   e.event_type, e.event_version, e.payload, e.metadata,
                                   e.global_position, e.event_id, e.recorded_at);
            UPDATE events SET hash = previous
            WHERE aggregate_type = e.aggregate_type AND aggregate_id = e.aggregate_id
              AND sequence = e.sequence;
        END LOOP;
END
$$;
ALTER TABLE events ENABLE TRIGGER events_append_only;

INSERT INTO stream_heads (aggregate_type, aggregate_id, sequence, hash)
SELECT DISTINCT ON (aggregate_type, aggregate_id) aggregate_type, aggregate_id, sequence, hash
FROM events
ORDER BY aggregate_type, aggregate_id, sequence DESC;

ALTER TABLE events ALTER COLUMN hash SET NOT NULL;

-- Chains every new event to its predecessor (written earlier, or earlier in the same
-- transaction) and moves the aggregate's head.
CREATE FUNCTION events_chain() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    previous bytea;
BEGIN
    SELECT hash INTO previous FROM events
    WHERE aggregate_type = NEW.aggregate_type AND aggregate_id = NEW.aggregate_id
      AND sequence = NEW.sequence - 1;
    NEW.hash := event_hash(previous, NEW.aggregate_type, NEW.aggregate_id, NEW.sequence,
                           NEW.event_type, NEW.event_version, NEW.payload, NEW.metadata,
                           NEW.global_position, NEW.event_id, NEW.recorded_at);
    INSERT INTO stream_heads (aggregate_type, aggregate_id, sequence, hash)
    VALUES (NEW.aggregate_type, NEW.aggregate_id, NEW.sequence, NEW.hash)
    ON CONFLICT (aggregate_type, aggregate_id)
        DO UPDATE SET sequence = EXCLUDED.sequence, hash = EXCLUDED.hash
        WHERE stream_heads.sequence < EXCLUDED.sequence;
    RETURN NEW;
END
$$;

CREATE TRIGGER events_chain
    BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION events_chain();
