-- New events are announced by the process that appended them, after the commit (see
-- `projections/src/announcer.rs`), no longer by a trigger inside the appending
-- transaction: a NOTIFY takes a database-wide lock at commit and holds it through the
-- commit's flush to disk, so concurrent appends committed one flush each, in a queue,
-- instead of sharing one.
DROP TRIGGER events_notify ON events;
DROP FUNCTION events_notify();
