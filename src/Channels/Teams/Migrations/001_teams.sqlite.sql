-- Microsoft Teams (SQLite). Times are Unix milliseconds.
-- Service URLs the bot may call: only ones that arrived on an authenticated activity (or were configured).
CREATE TABLE teams_service_urls (
    service_url TEXT PRIMARY KEY,
    first_seen_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

-- Teams users seen on authenticated activities: mentions carry the Teams user id, the agent map uses aadObjectId.
CREATE TABLE teams_users (
    teams_user_id TEXT PRIMARY KEY,
    aad_object_id TEXT NOT NULL,
    name TEXT NULL,
    updated_at INTEGER NOT NULL
);

-- Each agent's personal chat with the bot, for notifications.
CREATE TABLE teams_personal_chats (
    aad_object_id TEXT PRIMARY KEY,
    service_url TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One handover card (and its thread) per handover event; the newest one of a conversation is its live card.
CREATE TABLE teams_cards (
    handover_event_id INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    service_url TEXT NOT NULL,
    thread_id TEXT NULL,
    card_activity_id TEXT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_teams_cards_conversation ON teams_cards (conversation_id, handover_event_id);
CREATE INDEX ix_teams_cards_thread ON teams_cards (thread_id);
