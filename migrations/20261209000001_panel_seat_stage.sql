-- A panelist's review queue started from every panel they ever sat on, which grows with
-- the years (issue 25: no page request grows with the history it summarises). Each seat
-- now carries its application's stage, kept by the summary projection, so the queue reads
-- only the seats of applications in a stage a gate still reviews: one index range.
ALTER TABLE application_panel ADD COLUMN stage text;

UPDATE application_panel p SET stage = a.stage
FROM application_summaries a WHERE a.application_id = p.application_id;

ALTER TABLE application_panel ALTER COLUMN stage SET NOT NULL;

CREATE INDEX application_panel_open_seats
    ON application_panel (panelist_id, stage) WHERE recused_at IS NULL;
