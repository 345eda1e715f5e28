namespace Voting.Grains.Ledger.Postgres;

/// <summary>
/// The ledger's SQL. Arrays travel as parameters and come apart with unnest, so that one
/// statement writes a whole batch, whatever its size.
/// </summary>
internal static class LedgerSql
{
    /// <summary>
    /// Locks the windows a batch writes, in key order, so two batches that share categories
    /// cannot deadlock on the window rows. FOR NO KEY UPDATE conflicts with another batch and with a close, which
    /// also waits until this batch commits.
    /// </summary>
    public const string LockWindows = """
        SELECT w.election_id, w.category_id, w.state, w.finalist_ids
        FROM ledger_window w
        JOIN unnest(@election_ids::text[], @category_ids::text[]) AS k(election_id, category_id)
          ON w.election_id = k.election_id AND w.category_id = k.category_id
        ORDER BY w.election_id, w.category_id
        FOR NO KEY UPDATE OF w
        """;

    /// <summary>
    /// Inserts the sign-ins and returns those that were new. A delegate who already signed in
    /// (in an earlier batch, or in a concurrent one that committed first) is left out.
    /// </summary>
    public const string InsertSignIns = """
        INSERT INTO ledger_sign_in (election_id, category_id, delegate_id, idempotency_key_hash, signed_in_at)
        SELECT s.election_id, s.category_id, s.delegate_id, s.key_hash, (SELECT clock_timestamp())
        FROM unnest(@election_ids::text[], @category_ids::text[], @delegate_ids::text[], @key_hashes::text[])
            AS s(election_id, category_id, delegate_id, key_hash)
        ON CONFLICT (election_id, category_id, delegate_id) DO NOTHING
        RETURNING election_id, category_id, delegate_id
        """;

    public const string ReadExistingSignIns = """
        SELECT s.election_id, s.category_id, s.delegate_id, s.idempotency_key_hash
        FROM ledger_sign_in s
        JOIN unnest(@election_ids::text[], @category_ids::text[], @delegate_ids::text[])
            AS k(election_id, category_id, delegate_id)
          ON s.election_id = k.election_id AND s.category_id = k.category_id AND s.delegate_id = k.delegate_id
        """;

    /// <summary>Inserts ballots in the order of the arrays, which the caller shuffles.</summary>
    public const string InsertBallots = """
        INSERT INTO ledger_ballot (election_id, category_id, finalist_id, receipt, cast_on)
        SELECT b.election_id, b.category_id, b.finalist_id, b.receipt, (clock_timestamp() AT TIME ZONE 'UTC')::date
        FROM unnest(@election_ids::text[], @category_ids::text[], @finalist_ids::text[], @receipts::text[])
            WITH ORDINALITY AS b(election_id, category_id, finalist_id, receipt, position)
        ORDER BY b.position
        """;

    public const string BumpSequences = """
        UPDATE ledger_window w
        SET commit_seq = w.commit_seq + 1
        FROM unnest(@election_ids::text[], @category_ids::text[]) AS k(election_id, category_id)
        WHERE w.election_id = k.election_id AND w.category_id = k.category_id AND w.state = 'open'
        RETURNING w.election_id, w.category_id, w.commit_seq
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
