-- Core schema (PostgreSQL). Times are Unix milliseconds (INTEGER); flags are 0/1.
CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,                 -- agent | admin
    password_hash TEXT NULL,
    api_token_hash TEXT NULL,
    online BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_agents_token ON agents (api_token_hash) WHERE api_token_hash IS NOT NULL;

CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    bot_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    is_current BIGINT NOT NULL DEFAULT 1,   -- the conversation new messages at this address go to
    shopper_id TEXT NOT NULL,
    shopper_name TEXT NULL,
    status TEXT NOT NULL,                    -- open | resolved
    controller TEXT NOT NULL,                -- ai | waiting | human
    agent_id TEXT NULL,
    version BIGINT NOT NULL,
    handover_trigger TEXT NULL,
    handover_rule TEXT NULL,
    handover_evidence TEXT NULL,
    handover_confidence DOUBLE PRECISION NULL,
    ever_handed_over BIGINT NOT NULL DEFAULT 0,
    started_on_page TEXT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    last_message_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_conversations_current ON conversations (channel, address) WHERE is_current = 1;
CREATE INDEX ix_conversations_list ON conversations (status, controller, last_message_at);

CREATE TABLE conversation_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    verb TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_state TEXT NULL,
    to_state TEXT NOT NULL,
    reason_trigger TEXT NULL,
    reason_rule TEXT NULL,
    reason_evidence TEXT NULL,
    reason_confidence DOUBLE PRECISION NULL,
    note TEXT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX ix_conversation_events_conversation ON conversation_events (conversation_id, id);

CREATE TABLE conversation_tags (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    tag TEXT NOT NULL,
    PRIMARY KEY (conversation_id, tag)
);

CREATE TABLE messages (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    role TEXT NOT NULL,                      -- shopper | ai | human | system
    text TEXT NOT NULL,
    agent_id TEXT NULL,
    internal BIGINT NOT NULL DEFAULT 0,     -- agent-only note
    channel TEXT NOT NULL,
    provider_message_id TEXT NULL,           -- inbound dedupe key, with channel
    lack_of_information BIGINT NOT NULL DEFAULT 0,
    confidence DOUBLE PRECISION NULL,
    delivery_status TEXT NULL,
    delivery_error TEXT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_messages_provider ON messages (channel, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX ix_messages_conversation ON messages (conversation_id, id);

CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id BIGINT NOT NULL REFERENCES messages (id),
    conversation_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    status TEXT NOT NULL,                    -- pending | sent | failed
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT NULL,
    last_error TEXT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT NULL
);
CREATE INDEX ix_outbox_pending ON outbox (status, next_attempt_at, id);
CREATE INDEX ix_outbox_conversation ON outbox (conversation_id, status, id);
