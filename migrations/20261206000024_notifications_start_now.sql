-- Notifications tell what happens from now on. On a database that already holds events
-- (Charter upgraded in place), the notifier still reads the whole log, to know the people,
-- applications and votes it will tell about, but sends nothing about the events before
-- this point: otherwise every founder, panelist and member would be e-mailed the whole
-- history at once, past interviews' invitations included. On a new database (the demo's
-- too) it is 0: everything is told.
CREATE TABLE notifications_from
(
    only_row        boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    global_position bigint  NOT NULL
);

INSERT INTO notifications_from (global_position)
SELECT COALESCE(max(global_position), 0) FROM events;
