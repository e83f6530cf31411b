-- The bot's dialog state (typed by the dialogs, stored as JSON) and a Semi-automate escalation flag.
ALTER TABLE conversations ADD COLUMN dialog_state TEXT NULL;
ALTER TABLE conversations ADD COLUMN escalation_trigger TEXT NULL;
ALTER TABLE conversations ADD COLUMN escalation_rule TEXT NULL;
ALTER TABLE conversations ADD COLUMN escalation_evidence TEXT NULL;
ALTER TABLE conversations ADD COLUMN escalation_confidence DOUBLE PRECISION NULL;
