-- Orleans grain state for Microsoft.Orleans.Persistence.AdoNet 10.4.2, invariant "Npgsql".
--
-- The provider binds @ServiceId, @GrainTypeString (the state name given to [PersistentState],
-- not the grain class), @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @GrainStateVersion
-- (the ETag, null before the first write) and @PayloadBinary, and reads PayloadBinary, Version and
-- NewGrainStateVersion by name. A write that returns no row, or the ETag it was given, is an ETag
-- mismatch, and the provider raises InconsistentStateException.
--
-- The provider splits a grain key into the columns below. A string key that parses as a
-- hexadecimal number (such as "7", "007" or "cafe", at most 16 digits) becomes an integer key, so
-- "7" and "007" map to the same row. Keys that contain a character outside [0-9A-Fa-f], such as
-- the "election/delegate" keys, are stored as strings in grain_id_string and stay distinct.
-- The provider's hashes (@GrainIdHash, @GrainTypeHash) are not stored: the unique key below is
-- the exact identity and its index serves every lookup.

CREATE TABLE orleans_storage
(
    service_id      text        NOT NULL,
    state_name      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    -- The string key, or an integer or GUID key's extension; '' when the key has neither.
    grain_id_string text        NOT NULL,
    payload         bytea       NULL,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now(),
    -- Two first writes of one grain state (two activations during a membership change) race
    -- on this key: one INSERT wins and the other conflicts and returns no row.
    CONSTRAINT orleans_storage_grain_key
        PRIMARY KEY (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_string)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT payload AS PayloadBinary, version AS Version
    FROM orleans_storage
    WHERE service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_string = coalesce(@GrainIdExtensionString::text, '')
$q$),

-- With an ETag, update only that version. Without one, insert the first version, and lose the
-- race on the primary key to any other first write.
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE orleans_storage
        SET payload = @PayloadBinary::bytea, version = version + 1, modified_at = now()
        WHERE @GrainStateVersion::integer IS NOT NULL
          AND service_id = @ServiceId
          AND state_name = @GrainTypeString
          AND grain_id_n0 = @GrainIdN0
          AND grain_id_n1 = @GrainIdN1
          AND grain_id_string = coalesce(@GrainIdExtensionString::text, '')
          AND version = @GrainStateVersion::integer
          AND version < 2147483647
        RETURNING version
    ), inserted AS (
        INSERT INTO orleans_storage
            (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_string, payload, version)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
               coalesce(@GrainIdExtensionString::text, ''), @PayloadBinary::bytea, 1
        WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT ON CONSTRAINT orleans_storage_grain_key DO NOTHING
        RETURNING version
    )
    SELECT version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT version FROM inserted
$q$),

-- Clearing keeps the row (payload NULL) so that the version keeps growing.
('ClearStorageKey', $q$
    UPDATE orleans_storage
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_string = coalesce(@GrainIdExtensionString::text, '')
      AND version = @GrainStateVersion::integer
      AND version < 2147483647
    RETURNING version AS NewGrainStateVersion
$q$),

-- Used instead of ClearStorageKey when AdoNetGrainStorageOptions.DeleteStateOnClear is set.
('DeleteStorageKey', $q$
    DELETE FROM orleans_storage
    WHERE service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_string = coalesce(@GrainIdExtensionString::text, '')
      AND version = @GrainStateVersion::integer
    RETURNING version + 1 AS NewGrainStateVersion
$q$);
