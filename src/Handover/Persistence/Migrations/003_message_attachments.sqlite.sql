-- A card or other structured attachment sent with a message (the pickup contact form), as JSON; the channel renders it.
ALTER TABLE messages ADD COLUMN attachment_json TEXT NULL;
