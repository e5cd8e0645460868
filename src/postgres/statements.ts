import type { Tables } from './schema';

/**
 * The SQL of the store. Every write names the lease it is made under: `$1` shard, `$2` owner, `$3` epoch, and holds
 * only while the lease row still says so and is unexpired by the database's clock. The fence is in the write itself:
 * the statement reads the lease row `FOR SHARE`, so a takeover (an `UPDATE` of that row) waits for the write to
 * commit and the new owner's load sees it, or the write waits for the takeover and then finds another epoch and
 * writes nothing. There is no moment between checking the lease and writing for a takeover to slip into.
 */
export function statements(t: Tables) {
  const held = `s.shard = $1 AND s.owner = $2 AND s.epoch = $3 AND s.expires_at > now()`;
  const lease = `SELECT 1 FROM ${t.shards} s WHERE ${held} FOR SHARE`;
  return {
    /**
     * Takes the lease when the shard is new, or its lease has expired (or was released), by the database's clock;
     * `$4` TTL in ms. Returns the new epoch, or no row when someone holds it. One statement: two nodes racing for it
     * serialise on the row, and the second then finds it held.
     */
    acquire: `INSERT INTO ${t.shards} AS s (shard, owner, epoch, expires_at, acquired_at)
      VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond', now())
      ON CONFLICT (shard) DO UPDATE SET owner = EXCLUDED.owner, epoch = s.epoch + 1, expires_at = EXCLUDED.expires_at, acquired_at = now()
      WHERE s.expires_at <= now()
      RETURNING s.epoch`,
    /** Extends a lease that is still ours and unexpired; `$4` TTL in ms. No row: it is lost. */
    renew: `UPDATE ${t.shards} s SET expires_at = now() + $4 * interval '1 millisecond' WHERE ${held} RETURNING s.epoch`,
    /**
     * A lease group's renewal: extends every lease of `$1` owner named in `$2` shards with `$3` epochs that is still
     * its own and unexpired; `$4` TTL in ms. Returns the shards renewed: a shard missing from the answer is lost.
     */
    renewMany: `UPDATE ${t.shards} s SET expires_at = now() + $4 * interval '1 millisecond'
      FROM unnest($2::text[], $3::bigint[]) AS u(shard, epoch)
      WHERE s.shard = u.shard AND s.epoch = u.epoch AND s.owner = $1 AND s.expires_at > now()
      RETURNING s.shard`,
    /** Whether the lease is still ours and unexpired (no change): one row, or none. */
    renewCheck: `SELECT 1 FROM ${t.shards} s WHERE ${held}`,
    /** Ends a lease at once (in the past), so a peer takes the shard over without waiting for the TTL. */
    release: `UPDATE ${t.shards} s SET expires_at = now() - interval '1 millisecond' WHERE ${held}`,
    /** Who holds the shard, and for how much longer by the database's clock (negative: expired). */
    readLease: `SELECT owner, epoch, (extract(epoch FROM expires_at - now()) * 1000)::float8 AS remaining_ms FROM ${t.shards} WHERE shard = $1`,
    /** A batch as one statement: `$4` seqs, `$5` bodies, `$6` checksums; as many rows as entries, or none (fenced). */
    append: `INSERT INTO ${t.journal} (shard, seq, body, crc)
      SELECT $1, u.seq, u.body, u.crc FROM ${t.shards} s, unnest($4::bigint[], $5::text[], $6::bigint[]) AS u(seq, body, crc)
      WHERE ${held} FOR SHARE OF s`,
    /** `$4` the format version. One row, or none (fenced). */
    initialize: `INSERT INTO ${t.meta} (shard, key, value)
      SELECT $1, 'format-version', $4 FROM ${t.shards} s WHERE ${held} FOR SHARE OF s
      ON CONFLICT (shard, key) DO UPDATE SET value = EXCLUDED.value`,
    /**
     * `$4` seq, `$5` body, `$6` crc, `$7` compact. Returns `held` = 1 when the lease held (and everything was
     * written), 0 when fenced (and nothing was). Data-modifying CTEs all run, in one snapshot, in one transaction.
     */
    saveSnapshot: `WITH lease AS (${lease}),
      saved AS (INSERT INTO ${t.snapshots} (shard, seq, body, crc) SELECT $1, $4, $5, $6 FROM lease
        ON CONFLICT (shard, seq) DO UPDATE SET body = EXCLUDED.body, crc = EXCLUDED.crc RETURNING 1),
      compacted AS (DELETE FROM ${t.journal} WHERE $7 AND shard = $1 AND seq <= $4 AND EXISTS (SELECT 1 FROM lease) RETURNING 1),
      older AS (DELETE FROM ${t.snapshots} WHERE $7 AND shard = $1 AND seq < $4 AND EXISTS (SELECT 1 FROM lease) RETURNING 1)
      SELECT (SELECT count(*) FROM lease)::int AS held`,
    /** `$4` seq. `held` as above. */
    truncateAfter: `WITH lease AS (${lease}),
      dropped AS (DELETE FROM ${t.journal} WHERE shard = $1 AND seq > $4 AND EXISTS (SELECT 1 FROM lease) RETURNING 1)
      SELECT (SELECT count(*) FROM lease)::int AS held`,
    formatVersion: `SELECT value FROM ${t.meta} WHERE shard = $1 AND key = 'format-version'`,
    latestSnapshot: `SELECT seq, body, crc FROM ${t.snapshots} WHERE shard = $1 ORDER BY seq DESC LIMIT 1`,
    /** Archived events, fenced like the journal: `$4` seqs, `$5` bodies; an event already kept is left as it is. */
    appendEvents: `INSERT INTO ${t.events} (shard, seq, body)
      SELECT $1, u.seq, u.body FROM ${t.shards} s, unnest($4::bigint[], $5::text[]) AS u(seq, body)
      WHERE ${held} FOR SHARE OF s
      ON CONFLICT (shard, seq) DO NOTHING`,
    /** `$4` seq: drops the archived events below it. `held` as above. */
    pruneEvents: `WITH lease AS (${lease}),
      dropped AS (DELETE FROM ${t.events} WHERE shard = $1 AND seq < $4 AND EXISTS (SELECT 1 FROM lease) RETURNING 1)
      SELECT (SELECT count(*) FROM lease)::int AS held`,
    pageEvents: `SELECT seq, body FROM ${t.events} WHERE shard = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    /** `$4` seqs, `$5` bodies: rewrites kept events (a contact's erasure). `held` as above. */
    rewriteEvents: `WITH lease AS (${lease}),
      rewritten AS (UPDATE ${t.events} e SET body = u.body FROM unnest($4::bigint[], $5::text[]) AS u(seq, body)
        WHERE e.shard = $1 AND e.seq = u.seq AND EXISTS (SELECT 1 FROM lease) RETURNING 1)
      SELECT (SELECT count(*) FROM lease)::int AS held`,
    eventRange: `SELECT min(seq), max(seq) FROM ${t.events} WHERE shard = $1`,
    /** A page of the journal after `$2`, at most `$3` rows: keyed by seq, so each page is an index range scan. */
    page: `SELECT seq, body, crc FROM ${t.journal} WHERE shard = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
  };
}

export type Statements = ReturnType<typeof statements>;
