-- Core schema (SQLite). Times are Unix milliseconds (INTEGER); flags are 0/1.
CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,                 -- agent | admin
    password_hash TEXT NULL,
    api_token_hash TEXT NULL,
    online INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_agents_token ON agents (api_token_hash) WHERE api_token_hash IS NOT NULL;

CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    bot_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 1,   -- the conversation new messages at this address go to
    shopper_id TEXT NOT NULL,
    shopper_name TEXT NULL,
    status TEXT NOT NULL,                    -- open | resolved
    controller TEXT NOT NULL,                -- ai | waiting | human
    agent_id TEXT NULL,
    version INTEGER NOT NULL,
    handover_trigger TEXT NULL,
    handover_rule TEXT NULL,
    handover_evidence TEXT NULL,
    handover_confidence REAL NULL,
    ever_handed_over INTEGER NOT NULL DEFAULT 0,
    started_on_page TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_message_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_conversations_current ON conversations (channel, address) WHERE is_current = 1;
CREATE INDEX ix_conversations_list ON conversations (status, controller, last_message_at);

CREATE TABLE conversation_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    verb TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_state TEXT NULL,
    to_state TEXT NOT NULL,
    reason_trigger TEXT NULL,
    reason_rule TEXT NULL,
    reason_evidence TEXT NULL,
    reason_confidence REAL NULL,
    note TEXT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX ix_conversation_events_conversation ON conversation_events (conversation_id, id);

CREATE TABLE conversation_tags (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    tag TEXT NOT NULL,
    PRIMARY KEY (conversation_id, tag)
);

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    role TEXT NOT NULL,                      -- shopper | ai | human | system
    text TEXT NOT NULL,
    agent_id TEXT NULL,
    internal INTEGER NOT NULL DEFAULT 0,     -- agent-only note
    channel TEXT NOT NULL,
    provider_message_id TEXT NULL,           -- inbound dedupe key, with channel
    lack_of_information INTEGER NOT NULL DEFAULT 0,
    confidence REAL NULL,
    delivery_status TEXT NULL,
    delivery_error TEXT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_messages_provider ON messages (channel, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX ix_messages_conversation ON messages (conversation_id, id);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    conversation_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    status TEXT NOT NULL,                    -- pending | sent | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    locked_until INTEGER NULL,
    last_error TEXT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER NULL
);
CREATE INDEX ix_outbox_pending ON outbox (status, next_attempt_at, id);
CREATE INDEX ix_outbox_conversation ON outbox (conversation_id, status, id);
