-- Nothing on SQLite: its turns are written statement by statement in one transaction (no round trips to save), so a
-- failed part rolls back with the transaction. The number is taken so both dialects stay in step.
SELECT 1;
