-- Which server instance claimed a key for a request it is running. Each instance holds an
-- advisory lock on its number for as long as it lives, on a connection of its own: when it
-- dies, PostgreSQL drops the lock with the connection, and a retry of a request it was
-- running is answered at once instead of waiting out the claim's age. NULL for claims made
-- before (their age alone tells).
ALTER TABLE idempotency_keys ADD COLUMN instance integer;
