-- Handover e-mails (A6, the Semi-automate escalation), one row per (conversation, action run, recipient set). The row
-- and its Message-ID are written before the SMTP transaction and marked sent after it: a retry after a failure or a
-- crash sends the same message again (same Message-ID and Date, so receivers can drop the copy), and a sent row is
-- never sent again (MailDelivery).
CREATE TABLE email_sends (
    send_key TEXT PRIMARY KEY,               -- "<conversation>:<action run>:<hash of the recipient set>"
    message_id TEXT NOT NULL UNIQUE,         -- the Message-ID header, "<...@...>"
    conversation_id TEXT NOT NULL,
    recipients TEXT NOT NULL,                -- as first sent, comma-separated
    status TEXT NOT NULL,                    -- sending | sent
    attempts BIGINT NOT NULL DEFAULT 0,         -- SMTP transactions started
    created_at BIGINT NOT NULL,                 -- also the Date header of every attempt
    sent_at BIGINT NULL
);
CREATE INDEX ix_email_sends_conversation ON email_sends (conversation_id);
