-- Up Migration

-- Appends one chained event in one round trip. Every append waits on one chain-wide lock held to
-- COMMIT, so the time between taking it and reading the previous hash was a client round trip
-- that every other writer queued behind. Inside a VOLATILE function each statement takes a fresh
-- snapshot, so the read after the lock sees the previous holder's committed event.
CREATE FUNCTION append_request_event(
  p_lock bigint, p_genesis text, p_content text,
  p_request_id text, p_event text, p_from_status text, p_to_status text, p_actor_id text, p_detail jsonb, p_at timestamptz
) RETURNS TABLE (out_seq bigint, out_prev_hash text, out_hash text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(p_lock);
  RETURN QUERY
    WITH prev AS (SELECT coalesce((SELECT e.hash FROM request_events e ORDER BY e.seq DESC LIMIT 1), p_genesis) AS h)
    INSERT INTO request_events AS e (request_id, event, from_status, to_status, actor_id, detail, at, prev_hash, hash)
    SELECT p_request_id, p_event, p_from_status, p_to_status, p_actor_id, p_detail, p_at, prev.h,
           encode(sha256(convert_to(prev.h || E'\n' || p_content, 'UTF8')), 'hex')
      FROM prev
    RETURNING e.seq, e.prev_hash, e.hash;
END $$;

-- Down Migration
DROP FUNCTION append_request_event(bigint, text, text, text, text, text, text, text, jsonb, timestamptz);
