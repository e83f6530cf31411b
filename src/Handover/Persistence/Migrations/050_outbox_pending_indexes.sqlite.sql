-- The outbox keeps every sent row as history, so its claim must only ever read the pending ones. Indexes over all rows
-- let a cached generic plan walk the primary key from the first row ever sent, filtering on status: the claim grew with
-- the table (42 ms and 11,866 pages per claim after a minute of load, docs/benchmarks.md). Partial indexes hold just the
-- pending rows, in the claim's order and in its per-destination order.
CREATE INDEX ix_outbox_due ON outbox (id) WHERE status = 'pending';
CREATE INDEX ix_outbox_pending_destination ON outbox (conversation_id, channel, address, id) WHERE status = 'pending';
DROP INDEX ix_outbox_pending;
DROP INDEX ix_outbox_destination;
