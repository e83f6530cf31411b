-- An agent's idempotency key for a post (the Twilio MessageSid of the text from their phone, the Teams activity, the
-- API's Idempotency-Key header): a redelivered or retried post with the same key inserts nothing, so it is stored
-- and queued to the shopper once. Scoped to the agent: two agents' keys never collide.
ALTER TABLE messages ADD COLUMN idempotency_key TEXT NULL;
CREATE UNIQUE INDEX ux_messages_agent_key ON messages (agent_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
