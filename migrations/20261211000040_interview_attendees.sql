-- Each interview attendee is the subject of their own name (issue 26, finding 5): the
-- reads show who attended, each name beside the id it is about, so that an erasure of that
-- id scrubs the name, and only it.
--
-- The applicant status keeps the attendees beside each interview, and the timeline among a
-- held interview's facts (`details -> 'attended_by'`); an erasure finds them by
-- containment, which these indexes answer. Rows written before have no attendees: both read
-- models are rebuilt from their events before the server serves (see
-- projection_rebuilds_due).
ALTER TABLE application_interviews
    ADD COLUMN attendees jsonb NOT NULL DEFAULT '[]';

CREATE INDEX application_interviews_attendees
    ON application_interviews USING gin (attendees jsonb_path_ops);

CREATE INDEX application_timeline_attendees
    ON application_timeline USING gin ((details -> 'attended_by') jsonb_path_ops)
    WHERE event_type = 'InterviewRecorded';

INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'applicant_status',
       'held interviews gain their attendees (migration 20261211000040)'
WHERE EXISTS (SELECT 1 FROM application_interviews WHERE status = 'held')
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();

INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'application_timeline',
       'held interviews list their attendees (migration 20261211000040)'
WHERE EXISTS (SELECT 1 FROM application_timeline WHERE event_type = 'InterviewRecorded')
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();
