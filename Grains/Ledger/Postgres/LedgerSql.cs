namespace Voting.Grains.Ledger.Postgres;

/// <summary>
/// The ledger's SQL. Arrays travel as parameters and come apart with unnest, so that one
/// statement writes a whole batch, whatever its size.
/// </summary>
internal static class LedgerSql
{
    /// <summary>
    /// Reads the finalists of the windows a batch names. A window's finalists never change once it
    /// is open, so the store caches them; whether the window is still open is decided by
    /// <see cref="WriteBatch"/> under the row lock.
    /// </summary>
    public const string ReadWindowFinalists = """
        SELECT w.election_id, w.category_id, w.finalist_ids
        FROM ledger_window w
        JOIN unnest(@election_ids::text[], @category_ids::text[]) AS k(election_id, category_id)
          ON w.election_id = k.election_id AND w.category_id = k.category_id
        """;

    /// <summary>
    /// Writes a whole batch in one statement, so the window rows stay locked for one round trip
    /// and the COMMIT. It locks the open windows in key order with FOR NO KEY UPDATE, which
    /// conflicts with another batch and with a close: two batches cannot deadlock, and a close
    /// waits for this commit. Then it signs in the candidates of locked windows, inserts the
    /// ballots of the new sign-ins in receipt order (random, so unrelated to the sign-in order)
    /// and advances each written window's commit sequence. The arrays contain one candidate per
    /// delegate and category.
    /// Rows come back tagged: 'locked' windows, 'signed' delegates, 'bumped' sequences and the
    /// 'ballots' count.
    /// </summary>
    public const string WriteBatch = """
        WITH candidate AS (
            SELECT *
            FROM unnest(@election_ids::text[], @category_ids::text[], @delegate_ids::text[],
                        @finalist_ids::text[], @key_hashes::text[], @receipts::text[])
                AS c(election_id, category_id, delegate_id, finalist_id, key_hash, receipt)
        ),
        locked AS (
            SELECT w.election_id, w.category_id
            FROM ledger_window w
            JOIN (SELECT DISTINCT election_id, category_id FROM candidate) k
              ON w.election_id = k.election_id AND w.category_id = k.category_id
            WHERE w.state = 'open'
            ORDER BY w.election_id, w.category_id
            FOR NO KEY UPDATE OF w
        ),
        signed AS (
            INSERT INTO ledger_sign_in (election_id, category_id, delegate_id, idempotency_key_hash, signed_in_at)
            SELECT c.election_id, c.category_id, c.delegate_id, c.key_hash, clock_timestamp()
            FROM candidate c
            JOIN locked l ON l.election_id = c.election_id AND l.category_id = c.category_id
            ON CONFLICT (election_id, category_id, delegate_id) DO NOTHING
            RETURNING election_id, category_id, delegate_id
        ),
        ballots AS (
            INSERT INTO ledger_ballot (election_id, category_id, finalist_id, receipt, cast_on)
            SELECT c.election_id, c.category_id, c.finalist_id, c.receipt, (clock_timestamp() AT TIME ZONE 'UTC')::date
            FROM candidate c
            JOIN signed s
              ON s.election_id = c.election_id AND s.category_id = c.category_id AND s.delegate_id = c.delegate_id
            ORDER BY c.receipt
            RETURNING 1
        ),
        bumped AS (
            UPDATE ledger_window w
            SET commit_seq = w.commit_seq + 1
            FROM (SELECT DISTINCT election_id, category_id FROM signed) k
            WHERE w.election_id = k.election_id AND w.category_id = k.category_id
            RETURNING w.election_id, w.category_id, w.commit_seq
        )
        SELECT 'locked', election_id, category_id, NULL::text, NULL::bigint FROM locked
        UNION ALL
        SELECT 'signed', election_id, category_id, delegate_id, NULL FROM signed
        UNION ALL
        SELECT 'bumped', election_id, category_id, NULL, commit_seq FROM bumped
        UNION ALL
        SELECT 'ballots', NULL, NULL, NULL, count(*) FROM ballots
        """;

    public const string ReadExistingSignIns = """
        SELECT s.election_id, s.category_id, s.delegate_id, s.idempotency_key_hash
        FROM ledger_sign_in s
        JOIN unnest(@election_ids::text[], @category_ids::text[], @delegate_ids::text[])
            AS k(election_id, category_id, delegate_id)
          ON s.election_id = k.election_id AND s.category_id = k.category_id AND s.delegate_id = k.delegate_id
        """;

    public const string OpenWindow = """
        INSERT INTO ledger_window (election_id, category_id, state, finalist_ids, opened_at)
        VALUES (@election_id, @category_id, 'open', @finalist_ids, clock_timestamp())
        ON CONFLICT (election_id, category_id) DO NOTHING
        """;

    /// <summary>Waits for the batches that hold the window row, then reads its state.</summary>
    public const string LockWindowForClose = """
        SELECT state, closed_at
        FROM ledger_window
        WHERE election_id = @election_id AND category_id = @category_id
        FOR UPDATE
        """;

    /// <summary>
    /// Closes the window. clock_timestamp() is read after the lock was granted, so every batch
    /// that committed before the close has signed_in_at earlier than closed_at.
    /// </summary>
    public const string CloseWindow = """
        UPDATE ledger_window
        SET state = 'closed', closed_at = clock_timestamp()
        WHERE election_id = @election_id AND category_id = @category_id AND state = 'open'
        RETURNING closed_at
        """;

    public const string ReadWindows = """
        SELECT category_id, state, opened_at, closed_at
        FROM ledger_window
        WHERE election_id = @election_id
        """;

    public const string ReadSignInsOfDelegate = """
        SELECT category_id, idempotency_key_hash
        FROM ledger_sign_in
        WHERE election_id = @election_id AND delegate_id = @delegate_id
        ORDER BY category_id
        """;

    public const string ReadSequence = """
        SELECT commit_seq FROM ledger_window WHERE election_id = @election_id AND category_id = @category_id
        """;

    /// <summary>Runs in one REPEATABLE READ snapshot, so the counts match the sequence.</summary>
    public const string Count = """
        SELECT coalesce((SELECT commit_seq FROM ledger_window
                         WHERE election_id = @election_id AND category_id = @category_id), 0),
               (SELECT count(*) FROM ledger_sign_in
                WHERE election_id = @election_id AND category_id = @category_id);
        SELECT finalist_id, count(*)
        FROM ledger_ballot
        WHERE election_id = @election_id AND category_id = @category_id
        GROUP BY finalist_id
        """;

    public const string ReadBallotBox = """
        SELECT receipt, finalist_id
        FROM ledger_ballot
        WHERE election_id = @election_id AND category_id = @category_id
        ORDER BY receipt
        """;

    public const string FindReceipt = """
        SELECT category_id
        FROM ledger_ballot
        WHERE election_id = @election_id AND receipt = @receipt
        """;
}
