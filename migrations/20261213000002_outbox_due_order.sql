-- The delivery worker claims the pending message due longest, in (next_attempt_at, seq)
-- order, whose reader has none before it. With an index on next_attempt_at alone the planner
-- sorted the rest by seq incrementally, and an incremental sort fills a group of 32 rows
-- before it answers: every claim tested every pending message against its reader's, 48 ms
-- a claim with 16,000 pending, so that under load the outbox grew faster than it drained
-- (BENCHMARKS.md, metric 8). In the claim's own order the walk stops at the first message
-- free to send: 0.3 ms.
CREATE INDEX notification_messages_due_order ON notification_messages (next_attempt_at, seq)
    WHERE status = 'pending';
DROP INDEX notification_messages_due;
