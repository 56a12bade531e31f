-- The history's Merkle tree (RFC 9162) over all events in the global order, its interior
-- hashes, and the checkpoints of it the server signed. See `store/src/history/` and the
-- "Trust" section of docs/architecture.md.
--
-- The application computes every hash written here (from the rows, in Rust) and checks them
-- the same way: nothing here is trusted by the check, which recomputes each leaf from its
-- event and each root against checkpoints signed with a key the database never sees. These
-- tables make proofs cheap (O(log n) reads) and let the log resume where it stopped.

-- Leaf `leaf_index` is the event at `global_position`, the `leaf_index`-th in the global
-- order `(tx_id, global_position)` as the projectors read it; `leaf_hash` is
-- SHA-256(0x00 || the event's leaf encoding).
CREATE TABLE merkle_leaves
(
    leaf_index      bigint PRIMARY KEY CHECK (leaf_index >= 0),
    global_position bigint NOT NULL,
    tx_id           xid8   NOT NULL,
    leaf_hash       bytea  NOT NULL CHECK (octet_length(leaf_hash) = 32),
    CONSTRAINT merkle_leaves_global_position_key UNIQUE (global_position)
);

-- The hash of every complete subtree of level 1 and more: the 2^level leaves from
-- node_index * 2^level on.
CREATE TABLE merkle_nodes
(
    level      smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
    node_index bigint   NOT NULL CHECK (node_index >= 0),
    hash       bytea    NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, node_index)
);

-- The checkpoints signed (each also written to the anchor directory, outside the
-- database): the tree of `tree_size` leaves had root `root_hash` at `signed_at`.
CREATE TABLE merkle_checkpoints
(
    tree_size bigint      NOT NULL CHECK (tree_size >= 0),
    signed_at timestamptz NOT NULL,
    root_hash bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
    key_id    text        NOT NULL,
    signature bytea       NOT NULL CHECK (octet_length(signature) = 64),
    PRIMARY KEY (tree_size, signed_at)
);

-- Append-only, as the events are.
CREATE FUNCTION merkle_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'the history log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER merkle_leaves_append_only
    BEFORE UPDATE OR DELETE ON merkle_leaves
    FOR EACH ROW EXECUTE FUNCTION merkle_refuse_change();
CREATE TRIGGER merkle_leaves_no_truncate
    BEFORE TRUNCATE ON merkle_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION merkle_refuse_change();
CREATE TRIGGER merkle_nodes_append_only
    BEFORE UPDATE OR DELETE ON merkle_nodes
    FOR EACH ROW EXECUTE FUNCTION merkle_refuse_change();
CREATE TRIGGER merkle_nodes_no_truncate
    BEFORE TRUNCATE ON merkle_nodes
    FOR EACH STATEMENT EXECUTE FUNCTION merkle_refuse_change();
CREATE TRIGGER merkle_checkpoints_append_only
    BEFORE UPDATE OR DELETE ON merkle_checkpoints
    FOR EACH ROW EXECUTE FUNCTION merkle_refuse_change();
CREATE TRIGGER merkle_checkpoints_no_truncate
    BEFORE TRUNCATE ON merkle_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION merkle_refuse_change();
