-- A command's append in one statement: its events, then the document bytes they refer
-- to, in one transaction (one round trip, one commit), returning the events' global
-- positions. Events first, as in every writing transaction (see DESIGN), so that two
-- appends never take their locks in opposite orders. A clash with an event already stored
-- at one of the sequences fails the whole call with a unique violation on `events_pkey`:
-- nothing is written, and the writer decides again on the fresh state.
CREATE FUNCTION append_events(
    p_aggregate_type text,
    p_aggregate_id   text,
    p_first_sequence bigint,
    p_event_types    text[],
    p_event_versions text[],
    p_payloads       text[],
    p_metadata       text[],
    p_blob_sha256    text,
    p_blob_content   bytea
) RETURNS SETOF bigint
    LANGUAGE plpgsql AS
$$
DECLARE
    v_position bigint;
BEGIN
    -- One row at a time, in sequence order: each row's chain trigger reads the hash of
    -- the row before it.
    FOR i IN 1 .. coalesce(array_length(p_event_types, 1), 0) LOOP
        INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                            payload, metadata)
        VALUES (p_aggregate_type, p_aggregate_id, p_first_sequence + i - 1, p_event_types[i],
                p_event_versions[i], p_payloads[i]::json, p_metadata[i]::json)
        RETURNING global_position INTO v_position;
        RETURN NEXT v_position;
    END LOOP;
    IF p_blob_sha256 IS NOT NULL THEN
        INSERT INTO document_blobs (sha256, size, content)
        VALUES (p_blob_sha256, octet_length(p_blob_content), p_blob_content)
        ON CONFLICT (sha256) DO NOTHING;
    END IF;
END
$$;
