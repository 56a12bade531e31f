-- The server can run as a PostgreSQL role that cannot rewrite history (see
-- `store/src/roles.rs` and `charter grant-serving`): it may add events and document
-- bytes, never change or remove them, and, not owning the tables, cannot disable their
-- triggers or replace their functions. The roles granted so are recorded here, so that
-- `charter migrate` grants them the same on the tables later migrations add.
CREATE TABLE serving_roles
(
    role       text PRIMARY KEY,
    granted_at timestamptz NOT NULL DEFAULT now()
);

-- The chain trigger moves `stream_heads`, which the serving role may only read: it runs
-- with its owner's rights (a fixed search path, as every SECURITY DEFINER function must).
ALTER FUNCTION events_chain() SECURITY DEFINER SET search_path = public, pg_temp;
