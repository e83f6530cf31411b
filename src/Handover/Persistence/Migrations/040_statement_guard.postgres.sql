-- Aborts the statement it is called from, with a message and SQLSTATE HO409. A turn written as one statement
-- (InboundPipeline on PostgreSQL) calls it when a part it depends on did not happen after the compare-and-set did,
-- so the whole statement, and with it the compare-and-set, is rolled back instead of half-written.
CREATE FUNCTION handover_abort(message TEXT) RETURNS BIGINT LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', message USING ERRCODE = 'HO409';
END
$$;
