-- Before membership of the secretariat was a fact on the roster (20261208000001), holding
-- a secretariat token was what made one a member; a database upgraded past that migration
-- knew no member, and its staff could not sign in to the pages as the secretariat. The
-- people who hold a working secretariat token and have no membership fact at all are
-- listed here; the server records each one's joining as an event once, at its next start,
-- and deletes the row (a migration writes no events: the record is the events').
CREATE TABLE secretariat_backfill
(
    person_id uuid PRIMARY KEY
);

INSERT INTO secretariat_backfill (person_id)
SELECT DISTINCT t.person_id
FROM api_tokens t
WHERE t.role = 'secretariat'
  AND t.revoked_at IS NULL
  AND (t.expires_at IS NULL OR t.expires_at > now())
  AND NOT EXISTS (
      SELECT 1 FROM events e
      WHERE e.aggregate_type = 'Roster'
        AND e.event_type IN ('SecretariatJoined', 'SecretariatLeft')
        AND e.payload -> e.event_type ->> 'person_id' = t.person_id::text);
