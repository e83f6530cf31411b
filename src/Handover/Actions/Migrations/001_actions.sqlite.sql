-- Handover actions (A1-A8), the pickup guarantee (P2) and the admin editor. Times are Unix milliseconds.

-- One row per action step of one handover event: the at-least-once relay and job retries skip steps already done.
CREATE TABLE action_runs (
    event_id INTEGER NOT NULL,
    step TEXT NOT NULL,                      -- "<action index>" or "<action index>:<helpdesk>"
    conversation_id TEXT NOT NULL,
    action_type TEXT NOT NULL,
    status TEXT NOT NULL,                    -- running | retrying | done | failed
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (event_id, step)
);

-- Permanent failures, visible to admins (nothing fails silently).
CREATE TABLE action_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NULL,
    job_kind TEXT NOT NULL,
    job_key TEXT NOT NULL,
    action_type TEXT NULL,
    attempts INTEGER NOT NULL,
    error TEXT NOT NULL,
    at INTEGER NOT NULL,
    UNIQUE (job_kind, job_key)
);
CREATE INDEX ix_action_failures_conversation ON action_failures (conversation_id);

CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    source TEXT NOT NULL UNIQUE,             -- "<event id>:<step>": one task per action run
    description TEXT NOT NULL,
    assignee_id TEXT NULL,
    due_at INTEGER NOT NULL,
    status TEXT NOT NULL,                    -- open | done
    reminded_at INTEGER NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_tasks_conversation ON tasks (conversation_id);
CREATE INDEX ix_tasks_assignee ON tasks (assignee_id, status, due_at);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    source_message_id INTEGER NOT NULL UNIQUE,
    email TEXT NULL,
    phone TEXT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_contacts_conversation ON contacts (conversation_id);

-- A4: the AI stays silent on a conversation until "until".
CREATE TABLE bot_pauses (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations (id),
    until_at INTEGER NOT NULL,
    event_id INTEGER NOT NULL
);

-- Round-robin assignment: the agent who got the last conversation of a bot.
CREATE TABLE assign_cursors (
    bot_id TEXT PRIMARY KEY,
    last_agent_id TEXT NOT NULL
);

-- The admin editor's unpublished drafts ("smart session memory"), per bot.
CREATE TABLE settings_drafts (
    bot_id TEXT PRIMARY KEY,
    yaml TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
