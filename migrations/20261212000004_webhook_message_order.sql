-- A webhook endpoint's pending messages in order, as `notification_messages_reader_order`
-- keeps a reader's: a sender's claim asks of each candidate whether an earlier one of the
-- same endpoint is pending, and answers it with a probe here (see
-- notifications/src/outbox/deliver.rs `claim`).
CREATE INDEX notification_messages_webhook_order
    ON notification_messages (webhook_id, next_attempt_at, seq)
    WHERE status = 'pending' AND webhook_id IS NOT NULL;
