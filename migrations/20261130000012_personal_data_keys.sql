-- Personal data (names, e-mail addresses, notes about people) is stored in events sealed under
-- a key of the person it is about. The keys live here, outside the event store: erasing a
-- person sets their key to NULL, and everything sealed under it becomes unreadable, while
-- the events and their hash chains stay untouched.
CREATE TABLE personal_data_keys
(
    subject_id uuid PRIMARY KEY,
    key        bytea CHECK (octet_length(key) = 32),
    created_at timestamptz NOT NULL DEFAULT now(),
    erased_at  timestamptz,
    CONSTRAINT personal_data_keys_erased_has_no_key CHECK ((key IS NULL) = (erased_at IS NOT NULL))
);

-- The application summary, the timeline and the vote register now also follow the roster,
-- to scrub an erased person from their tables. They already passed the roster's earlier
-- events without applying them: record those as seen, so that the next roster event they
-- read is taken as the next in its stream rather than a gap.
INSERT INTO projection_streams (projection, aggregate_type, aggregate_id, last_sequence)
SELECT c.projection, e.aggregate_type, e.aggregate_id, max(e.sequence)
FROM projection_checkpoints c
         JOIN events e
              ON e.aggregate_type = 'Roster'
                  AND (e.tx_id, e.global_position) <= (c.tx_id, c.global_position)
WHERE c.projection IN ('application_summary', 'application_timeline', 'vote_register')
GROUP BY c.projection, e.aggregate_type, e.aggregate_id
ON CONFLICT DO NOTHING;
