-- The ballot ledger: a sign-in list (who voted in which category) and a ballot box (which
-- finalist, under a random receipt), written in one transaction per batch and never joined.
-- Ids use the "C" collation, so that comparisons and ORDER BY are ordinal, like the .NET code.

-- One row per category that has been opened. Its row lock orders batches and the close: a batch
-- locks the rows of the categories it writes (SELECT ... FOR NO KEY UPDATE) and bumps commit_seq
-- before it commits, and a close locks the row (FOR UPDATE) and sets state = 'closed'. Each batch
-- therefore commits wholly before the close or finds the category closed.
CREATE TABLE ledger_window
(
    election_id  text COLLATE "C"   NOT NULL,
    category_id  text COLLATE "C"   NOT NULL,
    state        text               NOT NULL CHECK (state IN ('open', 'closed')),
    finalist_ids text[] COLLATE "C" NOT NULL,
    opened_at    timestamptz        NOT NULL,
    closed_at    timestamptz        NULL,
    -- The number of batches that added ballots to this category.
    commit_seq   bigint             NOT NULL DEFAULT 0,
    PRIMARY KEY (election_id, category_id),
    CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);

-- Who voted where. The primary key is the last line of "one counted ballot per delegate per
-- category": a second sign-in conflicts, and its batch reports the vote as a duplicate.
-- It contains no finalist and no receipt.
CREATE TABLE ledger_sign_in
(
    election_id          text COLLATE "C" NOT NULL,
    category_id          text COLLATE "C" NOT NULL,
    delegate_id          text COLLATE "C" NOT NULL,
    -- Hex SHA-256 of the vote's Idempotency-Key, so that a retry can be distinguished from a second vote.
    idempotency_key_hash text             NOT NULL,
    signed_in_at         timestamptz      NOT NULL,
    PRIMARY KEY (election_id, category_id, delegate_id)
);

CREATE INDEX ledger_sign_in_by_delegate ON ledger_sign_in (election_id, delegate_id);

-- The ballot box. It contains no delegate id and no time finer than the day, and receipts are
-- random, so neither a column nor the order of receipts points back to a sign-in row. Batches
-- insert their ballots in a shuffled order, so physical row order does not either.
CREATE TABLE ledger_ballot
(
    election_id text COLLATE "C" NOT NULL,
    category_id text COLLATE "C" NOT NULL,
    finalist_id text COLLATE "C" NOT NULL,
    receipt     text COLLATE "C" NOT NULL,
    -- The UTC day the ballot was cast.
    cast_on     date             NOT NULL,
    PRIMARY KEY (election_id, receipt)
);

-- Serves recounts (grouped by finalist) and the digest input (ordered by receipt).
CREATE INDEX ledger_ballot_by_category ON ledger_ballot (election_id, category_id, receipt) INCLUDE (finalist_id);
