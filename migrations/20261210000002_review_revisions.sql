-- Panel reviews with every revision and what was released of them, so that a page shows
-- an application's reviews with one indexed read instead of folding its whole history.
-- Recommendations, numbers and times only: the rubric and the comments stay in the events.

-- The latest revision the secretariat released to the founders, if any.
ALTER TABLE application_reviews ADD COLUMN released_revision integer;

-- Each version of a review: as filed (revision 1) and every revision since, and when it
-- was released to the founders, if it was.
CREATE TABLE application_review_revisions
(
    application_id uuid        NOT NULL,
    review         integer     NOT NULL,
    revision       integer     NOT NULL CHECK (revision >= 1),
    recommendation text        NOT NULL,
    at             timestamptz NOT NULL,
    released_at    timestamptz,
    PRIMARY KEY (application_id, review, revision)
);

-- The reviews already projected gain their revisions and releases only from their
-- events: the application summary is rebuilt (see projection_rebuilds_due).
INSERT INTO projection_rebuilds_due (projection, reason)
SELECT 'application_summary',
       'panel reviews gain their revisions and released revision (migration 20261210000002)'
WHERE EXISTS (SELECT 1 FROM application_reviews)
ON CONFLICT (projection) DO UPDATE SET reason = excluded.reason, requested_at = now();
