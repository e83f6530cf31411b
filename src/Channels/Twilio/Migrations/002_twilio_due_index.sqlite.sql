-- Processed webhooks stay as history, so the claim must read only the unprocessed ones, oldest first: an index of just
-- those in id order (the per-address one serves the "earlier one at the same address" check). Without it a generic plan
-- can walk the primary key through the whole history (the outbox's claim did: docs/benchmarks.md).
CREATE INDEX ix_twilio_inbound_due ON twilio_inbound (id) WHERE processed_at IS NULL;
