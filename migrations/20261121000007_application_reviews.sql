-- Panel reviews as filed and revised: the panelists' review queues read them.
CREATE TABLE application_reviews
(
    application_id uuid        NOT NULL,
    review         integer     NOT NULL,
    panelist_id    uuid        NOT NULL,
    kind           text        NOT NULL,
    version        integer     NOT NULL,
    recommendation text        NOT NULL,
    revisions      integer     NOT NULL DEFAULT 1,
    filed_at       timestamptz NOT NULL,
    revised_at     timestamptz,
    PRIMARY KEY (application_id, review)
);

CREATE INDEX application_reviews_panelist ON application_reviews (panelist_id);
