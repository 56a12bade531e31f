-- Read models that a migration changed in a way only their events can fill (a new column
-- or table whose rows come from events already applied). The migration records here which
-- read model must be rebuilt from the first event; the server carries the rebuild out
-- before it starts serving (and `charter migrate` before it exits), in a copy switched in
-- as `charter projections rebuild` does, and the switch clears the request. A migration
-- asks only where the read model already holds rows: on a new database there is nothing
-- to rebuild.
CREATE TABLE projection_rebuilds_due
(
    projection   text PRIMARY KEY,
    -- Why, for the operator (the log and `charter projections status` show it).
    reason       text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now()
);
