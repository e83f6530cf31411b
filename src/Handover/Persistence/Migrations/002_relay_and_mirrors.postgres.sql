-- Durable subscribers of conversation events (each reads the event log from its own cursor), and the
-- agent-side places a conversation is mirrored to (a Teams thread, an agent's WhatsApp ...).
CREATE TABLE event_cursors (
    subscriber TEXT PRIMARY KEY,
    last_event_id BIGINT NOT NULL
);

CREATE TABLE event_failures (
    subscriber TEXT NOT NULL,
    event_id BIGINT NOT NULL,
    attempts BIGINT NOT NULL,
    error TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (subscriber, event_id)
);

CREATE TABLE conversation_mirrors (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, channel, address)
);

-- Outbound order is kept per destination (conversation, channel, address), so a slow agent surface never
-- holds back the shopper's own channel.
DROP INDEX ix_outbox_conversation;
CREATE INDEX ix_outbox_destination ON outbox (conversation_id, channel, address, status, id);

-- Only rows to the shopper move a message's delivery status; rows to agent-side mirrors do not.
ALTER TABLE outbox ADD COLUMN to_shopper BIGINT NOT NULL DEFAULT 1;
