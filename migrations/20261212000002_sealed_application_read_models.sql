-- The application read models keep their personal values sealed (issue 26, finding 5):
-- the founders' names and addresses and the panelists' names in the summary, and the
-- interviews' attendees in the applicant status, each under the key of the person it is
-- about, as the event store keeps them. An erasure then destroys the key, and with it every
-- copy of the value (old row versions, the WAL, replicas, backups), with no row to scrub.
--
-- Rows written before hold the values in the clear: both read models are rebuilt from
-- their events before the server serves (see projection_rebuilds_due), which seals them.
INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'application_summary',
       'founders and panelists are kept sealed (migration 20261212000002)'
WHERE EXISTS (SELECT 1 FROM application_summaries)
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();

INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'applicant_status',
       'interview attendees are kept sealed (migration 20261212000002)'
WHERE EXISTS (SELECT 1 FROM application_interviews WHERE status = 'held')
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();
