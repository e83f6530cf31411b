-- Direct Line (web chat) schema (PostgreSQL). Times are Unix milliseconds. References no core table.
CREATE TABLE dl_conversations (
    id TEXT PRIMARY KEY,                        -- the Direct Line conversation id (the core's address)
    user_id TEXT NOT NULL,
    user_name TEXT NULL,
    bot_id TEXT NOT NULL,
    page TEXT NULL,                             -- the page the chat started on
    last_seq BIGINT NOT NULL DEFAULT 0,         -- seq of the newest activity; bumped under the row's write lock
    last_activity_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE dl_activities (
    conversation_id TEXT NOT NULL REFERENCES dl_conversations (id),
    seq BIGINT NOT NULL,                        -- 1, 2, 3 ... per conversation: the watermark
    activity_id TEXT NOT NULL,
    client_activity_id TEXT NULL,               -- channelData.clientActivityID: a client's retry finds its activity
    type TEXT NOT NULL,
    json TEXT NOT NULL,                         -- the activity exactly as clients receive it
    forward_status TEXT NULL,                   -- user messages: pending | done | failed (handed to the core); else NULL
    forward_attempts BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
CREATE UNIQUE INDEX ux_dl_activities_id ON dl_activities (conversation_id, activity_id);
CREATE UNIQUE INDEX ux_dl_activities_client ON dl_activities (conversation_id, client_activity_id) WHERE client_activity_id IS NOT NULL;
CREATE INDEX ix_dl_activities_pending ON dl_activities (created_at) WHERE forward_status = 'pending';
