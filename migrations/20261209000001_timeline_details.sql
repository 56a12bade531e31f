-- Each milestone's facts as values (a document's kind and version, an interview's time and
-- place, the stages of a move), so that the pages can word it in the reader's language;
-- `summary` stays the English line. Rows written before have none ('{}'), and the pages
-- then fall back to a general sentence: rebuilding the projection fills them in
-- (`charter projections rebuild application_timeline`).
ALTER TABLE application_timeline
    ADD COLUMN details jsonb NOT NULL DEFAULT '{}';
