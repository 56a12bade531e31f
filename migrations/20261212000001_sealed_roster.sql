-- The roster keeps each person's name and address sealed under their own key (issue 26,
-- finding 5), as the event store does: an erasure destroys the key, and no copy of a row
-- (an old row version, the WAL, a replica, a backup) tells the name any more. The table
-- can no longer be searched or ordered by name: the application does that after opening
-- (see projections/src/read_models/roster/queries.rs), so the name index goes. Rows
-- written before hold plain values: the roster is rebuilt from its events before the
-- server serves (see projection_rebuilds_due).
DROP INDEX IF EXISTS people_name_prefix;

INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'roster', 'names and addresses are kept sealed (migration 20261212000001)'
WHERE EXISTS (SELECT 1 FROM people WHERE name NOT LIKE 'sealed:v1:%')
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();
