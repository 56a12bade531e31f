-- The review queue (issue: only versions that still matter). Which versions still matter
-- is the policy's to say (the kinds a gate still ahead of the application's stage asks
-- reviews of), applied at read time to the stage and kinds these tables already hold, so
-- no column is needed. What the queue needs is to find a panelist's review of one version
-- in one probe, however many reviews the panelist or the application has gathered over
-- the years: this index leads with the panelist, so it also serves what the index on
-- the panelist alone served, which it replaces.
CREATE INDEX application_reviews_panelist_version
    ON application_reviews (panelist_id, application_id, kind, version);

DROP INDEX application_reviews_panelist;
