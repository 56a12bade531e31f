-- New events are announced by the process that appended them, after the commit (see
-- `projections/src/announcer.rs`), no longer by a trigger inside the appending
-- transaction: a NOTIFY takes a database-wide lock at commit and holds it through the
-- commit's flush to disk, so concurrent appends committed one flush each, in a queue,
-- instead of sharing one.
DROP TRIGGER events_notify ON events;
DROP FUNCTION events_notify();
--
-- Instances of an earlier version, which relied on the trigger, no longer announce their
-- appends once this runs: until they are replaced, their events are picked up by the
-- projectors' polling (every 500 ms when idle).
