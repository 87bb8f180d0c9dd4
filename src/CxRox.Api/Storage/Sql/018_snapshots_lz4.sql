-- A recompute writes a snapshot per period, whose result is some 16 kB of JSON that PostgreSQL
-- compresses out of line. lz4 compresses it several times faster than PostgreSQL's own pglz, to
-- a similar size. A server built without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE score_snapshots ALTER COLUMN result SET COMPRESSION lz4, ALTER COLUMN trace SET COMPRESSION lz4;
    ALTER TABLE summaries ALTER COLUMN content SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'lz4 is not available on this server: snapshots and summaries stay compressed with pglz';
END
$$;
