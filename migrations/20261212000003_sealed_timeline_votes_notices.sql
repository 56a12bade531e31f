-- The timeline and the vote register keep their personal values sealed (issue 26, finding
-- 5): the actor's name and a held interview's attendees in the timeline, the electorate's
-- names and the reasons of recusals in the register, each under the key of the person it
-- is about, so that an erasure leaves no copy of a row (an old row version, the WAL, a
-- replica, a backup) that still tells them. Rows written before hold them in the clear:
-- both read models are rebuilt from their events before the server serves (see
-- projection_rebuilds_due), which seals them.
--
-- The notifier keeps the names and addresses of `notice_people` sealed too from now on,
-- but it is never rebuilt (a rebuild would decide every message again): the rows it wrote
-- before stay in the clear, and an erasure still scrubs them by UPDATE. The deadlines keep
-- no names, only ids.

INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'application_timeline',
       'actor names and attendees are kept sealed (migration 20261212000003)'
WHERE EXISTS (SELECT 1 FROM application_timeline
              WHERE actor_id IS NOT NULL OR event_type = 'InterviewRecorded')
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();

INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'vote_register',
       'the electorate''s names and recusal reasons are kept sealed (migration 20261212000003)'
WHERE EXISTS (SELECT 1 FROM vote_members)
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();
