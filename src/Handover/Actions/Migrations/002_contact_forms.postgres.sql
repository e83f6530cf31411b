-- P2 on text channels: the contact form asked turn by turn, and the shopper's name on a contact.

ALTER TABLE contacts ADD COLUMN name TEXT NULL;

-- One form per conversation, started by the pickup timeout of handover event_id; state_json is the form's typed state
-- (TextContactFormState), written by compare-and-set on version.
CREATE TABLE contact_forms (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations (id),
    event_id BIGINT NOT NULL,
    state_json TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at BIGINT NOT NULL
);
