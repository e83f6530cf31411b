-- Twilio (SMS and WhatsApp) schema (PostgreSQL). Times are Unix milliseconds.

-- Every signed webhook (inbound message or status callback) as received, stored before Twilio gets its answer and
-- processed afterwards; a row left unprocessed by a crash is picked up again. dedupe_key is the MessageSid (or
-- "status:<sid>:<status>"), so Twilio's retries and carriers' duplicates are stored once.
CREATE TABLE twilio_inbound (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key TEXT NOT NULL,
    kind TEXT NOT NULL,                      -- message | status
    address TEXT NOT NULL,                   -- rows of one address are processed in order
    payload TEXT NOT NULL,                   -- the form body, url-encoded
    received_at BIGINT NOT NULL,
    processed_at BIGINT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NULL,
    last_error TEXT NULL
);
CREATE UNIQUE INDEX ux_twilio_inbound_key ON twilio_inbound (dedupe_key);
CREATE INDEX ix_twilio_inbound_pending ON twilio_inbound (address, id) WHERE processed_at IS NULL;

-- Media of inbound messages (C3).
CREATE TABLE twilio_media (
    message_sid TEXT NOT NULL,
    position BIGINT NOT NULL,
    url TEXT NOT NULL,
    content_type TEXT NOT NULL,
    PRIMARY KEY (message_sid, position)
);

-- One row per part Twilio accepted: the Message SID of each part of an outbound message, and its status.
CREATE TABLE twilio_parts (
    outbox_id BIGINT NOT NULL,
    part BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    to_shopper BIGINT NOT NULL,
    sid TEXT NOT NULL,
    status TEXT NOT NULL,
    error_code TEXT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (outbox_id, part)
);
CREATE UNIQUE INDEX ux_twilio_parts_sid ON twilio_parts (sid);
CREATE INDEX ix_twilio_parts_message ON twilio_parts (message_id);

-- The WhatsApp 24-hour customer service window per shopper address (C1).
CREATE TABLE twilio_windows (
    address TEXT PRIMARY KEY,
    last_inbound_at BIGINT NOT NULL,
    template_sent_at BIGINT NULL
);

-- Replies held because the window was closed; re-queued when the shopper writes again.
CREATE TABLE twilio_held (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL,
    conversation_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    reason TEXT NOT NULL,
    held_at BIGINT NOT NULL,
    released_at BIGINT NULL
);
CREATE UNIQUE INDEX ux_twilio_held_outbox ON twilio_held (outbox_id);
CREATE INDEX ix_twilio_held_address ON twilio_held (address, id) WHERE released_at IS NULL;

-- Texts to agents' phones that are not conversation messages (handover notifications, command answers).
CREATE TABLE twilio_agent_texts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key TEXT NOT NULL,
    channel TEXT NOT NULL,                   -- sms | whatsapp
    address TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,                    -- pending | sent | failed
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT NULL,
    last_error TEXT NULL,
    sid TEXT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX ux_twilio_agent_texts_key ON twilio_agent_texts (dedupe_key);
CREATE INDEX ix_twilio_agent_texts_pending ON twilio_agent_texts (next_attempt_at, id) WHERE status = 'pending';

-- Short codes agents type ("claim K3F"), one per conversation.
CREATE TABLE twilio_short_codes (
    code TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_twilio_short_codes_conversation ON twilio_short_codes (conversation_id);

-- Which of an agent's conversations their phone's plain text goes to ("switch K3F").
CREATE TABLE twilio_agent_focus (
    address TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL
);
