-- Each milestone's facts as values (a document's kind and version, an interview's time and
-- place, the stages of a move), so that the pages can word it in the reader's language;
-- `summary` stays the English line. Rows written before have none ('{}'): the timeline is
-- rebuilt from its events before the server serves (see projection_rebuilds_due), and
-- until then the pages fall back to a general sentence.
ALTER TABLE application_timeline
    ADD COLUMN details jsonb NOT NULL DEFAULT '{}';

INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'application_timeline',
       'milestones gain their facts as values (migration 20261210000003)'
WHERE EXISTS (SELECT 1 FROM application_timeline)
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();
