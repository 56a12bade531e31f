-- A secret vote's closing stays due for every member of its electorate until the vote
-- closes, not only for the members who have neither voted nor recused (issue 26): the
-- reminders it gives rise to are listed among the deliveries the secretariat reads, and
-- whom they went to would tell who had voted while the vote is open. Deadlines opened
-- before know nothing of their vote's ballot: the read model is rebuilt from its events
-- before the server serves (see projection_rebuilds_due) wherever a vote is still due.
ALTER TABLE deadlines
    ADD COLUMN secret boolean NOT NULL DEFAULT false;

INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'deadlines',
       'a secret vote''s closing stays due for its whole electorate (migration 20261211000010)'
WHERE EXISTS (SELECT 1 FROM deadlines WHERE kind = 'vote_closes' AND done_at IS NULL)
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();
