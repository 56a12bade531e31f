-- The global position of the application event by which the process manager carried out
-- each closed vote, so that a client can read after it (pass it as a consistency token).
-- Votes carried out before this column have none.
ALTER TABLE vote_outcome_actions ADD COLUMN position bigint;
