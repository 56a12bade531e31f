-- The deadlines projection makes what an application's ending closed due again when an appeal
-- reopens it (`done_by = 'ended'`), and gives a new panelist the reviews still due or ended.
-- Only open deadlines had an index (`deadlines_open`), so each of those statements read the
-- whole table, once per application: a rebuild of 100,000 events read 50 million rows of it,
-- and grew with the square of the store. The rows an ending closed are few; so is this index.
CREATE INDEX deadlines_ended ON deadlines (application_id, kind) WHERE done_by = 'ended';
