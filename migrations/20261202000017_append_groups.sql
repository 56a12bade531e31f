-- The appends of several commands in one statement, one transaction and one commit: a
-- server instance under load writes the commands that wait together (see
-- `api/src/sealing.rs`), so that they share a round trip, a transaction and a flush.
-- Each event gives its own stream and sequence; one append's events come one after
-- another in sequence order. Events first, then the document bytes they refer to, as in
-- `append_events` and every writing transaction (see DESIGN). Returns the events' global
-- positions in the order given. A clash with an event already stored at any of the
-- sequences fails the whole call with a unique violation on `events_pkey`: nothing is
-- written, and the caller writes each append alone to find the one that clashed.
CREATE FUNCTION append_event_groups(
    p_aggregate_types text[],
    p_aggregate_ids   text[],
    p_sequences       bigint[],
    p_event_types     text[],
    p_event_versions  text[],
    p_payloads        text[],
    p_metadata        text[],
    p_blob_sha256     text[],
    p_blob_content    bytea[]
) RETURNS SETOF bigint
    LANGUAGE plpgsql AS
$$
DECLARE
    v_position bigint;
BEGIN
    -- One row at a time, in the order given: each row's chain trigger reads the hash of
    -- the row before it in its stream.
    FOR i IN 1 .. coalesce(array_length(p_event_types, 1), 0) LOOP
        INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                            payload, metadata)
        VALUES (p_aggregate_types[i], p_aggregate_ids[i], p_sequences[i], p_event_types[i],
                p_event_versions[i], p_payloads[i]::json, p_metadata[i]::json)
        RETURNING global_position INTO v_position;
        RETURN NEXT v_position;
    END LOOP;
    INSERT INTO document_blobs (sha256, size, content)
    SELECT sha256, octet_length(content), content
    FROM unnest(p_blob_sha256, p_blob_content) AS b (sha256, content)
    ON CONFLICT (sha256) DO NOTHING;
END
$$;
