-- The committee votes on one motion about an application at a time: two open votes on
-- the same application could decide it twice, or one could pre-empt the other. A row is
-- reserved here just before a vote's opening is appended and released when it closes.
CREATE TABLE open_votes
(
    application_id uuid PRIMARY KEY,
    vote_id        uuid        NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL DEFAULT now()
);
