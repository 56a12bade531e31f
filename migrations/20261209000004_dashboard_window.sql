-- The dashboard's completed figures cover a window of years (by default the last five),
-- read as one index range on when stays ended, not as every stay ever (issue 25).
CREATE INDEX application_stays_ended ON application_stays (left_at) WHERE left_at IS NOT NULL;
