-- Each person's own version (issue 27): the sequence of the roster's last event about them.
-- The roster is one stream for everyone, so its version moves whenever anyone changes;
-- this one moves only when they do, and is what `GET /api/v1/people/{id}` sends as its
-- `ETag` and what `If-Match` on their commands is checked against. Rows written before
-- hold 0: the roster is rebuilt from its events before the server serves (see
-- projection_rebuilds_due).
ALTER TABLE people
    ADD COLUMN version bigint NOT NULL DEFAULT 0;

INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'roster', 'each person gains a version of their own (migration 20261215000101)'
WHERE EXISTS (SELECT 1 FROM people)
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();
