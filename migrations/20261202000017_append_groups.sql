-- The appends of several commands in one statement, one transaction and one commit: a
-- server instance under load writes the commands that wait together (see
-- `api/src/sealing.rs`), so that they share a round trip, a transaction and a flush.
-- Each event gives its own stream and sequence; one append's events come one after
-- another in sequence order. Events first, then the document bytes they refer to, as in
-- `append_events` and every writing transaction (see DESIGN). Returns the events' global
-- positions in the order given. A clash with an event already stored at any of the
-- sequences fails the whole call with a unique violation on `events_pkey`: nothing is
-- written, and the caller writes the group again with `append_event_groups_apart` (below).
-- The caller gives the streams, and the documents, in sorted order, so that two groups
-- never wait for each other's locks in a circle.
-- `append_events` (migration 13) is no longer called by this version; it stays for the
-- instances of the version before, which may still be running during an upgrade.
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

-- The same appends, each in a subtransaction of its own, for a group whose statement
-- clashed: an append that clashes with an event already stored (or stored meanwhile by a
-- transaction it waited for) is passed over, with its document bytes, and reported with
-- a NULL position; the others are written, still in one statement and one commit. Each
-- event names its append (`p_appends`, ascending, an append's events together), as does
-- each document (`p_blob_appends`). Returns one row per event written, and one with a NULL
-- position per append passed over.
CREATE FUNCTION append_event_groups_apart(
    p_appends         int[],
    p_aggregate_types text[],
    p_aggregate_ids   text[],
    p_sequences       bigint[],
    p_event_types     text[],
    p_event_versions  text[],
    p_payloads        text[],
    p_metadata        text[],
    p_blob_appends    int[],
    p_blob_sha256     text[],
    p_blob_content    bytea[]
) RETURNS TABLE (o_append int, o_position bigint)
    LANGUAGE plpgsql AS
$$
DECLARE
    v_count     int := coalesce(array_length(p_event_types, 1), 0);
    v_first     int := 1;
    v_last      int;
    v_positions bigint[];
    v_position  bigint;
BEGIN
    WHILE v_first <= v_count LOOP
        v_last := v_first;
        WHILE v_last < v_count AND p_appends[v_last + 1] = p_appends[v_first] LOOP
            v_last := v_last + 1;
        END LOOP;
        v_positions := ARRAY[]::bigint[];
        BEGIN
            FOR i IN v_first .. v_last LOOP
                INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type,
                                    event_version, payload, metadata)
                VALUES (p_aggregate_types[i], p_aggregate_ids[i], p_sequences[i],
                        p_event_types[i], p_event_versions[i], p_payloads[i]::json,
                        p_metadata[i]::json)
                RETURNING events.global_position INTO v_position;
                v_positions := v_positions || v_position;
            END LOOP;
            INSERT INTO document_blobs (sha256, size, content)
            SELECT b.sha256, octet_length(b.content), b.content
            FROM unnest(p_blob_appends, p_blob_sha256, p_blob_content) AS b (owner, sha256, content)
            WHERE b.owner = p_appends[v_first]
            ORDER BY b.sha256
            ON CONFLICT (sha256) DO NOTHING;
        EXCEPTION WHEN unique_violation THEN
            v_positions := NULL;
        END;
        o_append := p_appends[v_first];
        IF v_positions IS NULL THEN
            o_position := NULL;
            RETURN NEXT;
        ELSE
            FOREACH v_position IN ARRAY v_positions LOOP
                o_position := v_position;
                RETURN NEXT;
            END LOOP;
        END IF;
        v_first := v_last + 1;
    END LOOP;
END
$$;
