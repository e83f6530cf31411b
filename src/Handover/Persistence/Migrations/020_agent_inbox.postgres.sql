-- The agent web inbox: sign-in lockout (failed attempts, locked until) and notification preferences per agent.
ALTER TABLE agents ADD COLUMN failed_sign_ins BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN locked_until BIGINT NULL;
ALTER TABLE agents ADD COLUMN notify_when_assigned BIGINT NOT NULL DEFAULT 1;
ALTER TABLE agents ADD COLUMN notify_when_task_assigned BIGINT NOT NULL DEFAULT 1;
