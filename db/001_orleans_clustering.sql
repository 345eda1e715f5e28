-- Orleans cluster membership for Microsoft.Orleans.Clustering.AdoNet 10.4.2, invariant "Npgsql".
--
-- The provider reads its SQL from OrleansQuery (one row per query key) and binds parameters by
-- name (@DeploymentId, @Address, ...). It reads result columns by name, case-insensitively, so
-- the tables use snake_case and the queries alias columns to the names the provider expects.
-- Queries that return a success flag return one row with one integer column: 1 succeeded, 0 lost
-- a race (stale table version or row already present), and the provider retries after re-reading.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per cluster (Orleans calls the cluster id "DeploymentId" here). Every membership change
-- bumps version, which is the optimistic-concurrency token of the whole membership table.
CREATE TABLE orleans_membership_version
(
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation. status is Orleans' SiloStatus: 2 Joining, 3 Active,
-- 4 ShuttingDown, 5 Stopping, 6 Dead.
CREATE TABLE orleans_membership
(
    deployment_id   text        NOT NULL
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Inserts a silo row and bumps the table version in one step. Returns 0 and changes nothing when
-- the version is stale or the row already exists: the exception block is a subtransaction, so
-- leaving it through the handler undoes the version bump.
CREATE FUNCTION orleans_insert_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $body$
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id
      AND version = p_version
      AND version < 2147483647;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
         start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
         coalesce(p_proxy_port, 0), p_start_time, p_i_am_alive_time);
    RETURN 1;
EXCEPTION
    WHEN unique_violation THEN
        RETURN 0;
END
$body$;

-- Updates a silo row and bumps the table version in one step, or returns 0 and changes nothing.
CREATE FUNCTION orleans_update_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql
AS $body$
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id
      AND version = p_version
      AND version < 2147483647;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans_membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id
      AND address = p_address
      AND port = p_port
      AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'silo row % %:% generation % not found', p_deployment_id, p_address, p_port, p_generation
            USING ERRCODE = 'no_data_found';
    END IF;
    RETURN 1;
EXCEPTION
    WHEN no_data_found THEN
        RETURN 0;
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO orleans_membership_version (deployment_id)
        VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1
    )
    SELECT count(*)::integer FROM inserted
$q$),

('InsertMembershipKey', $q$
    SELECT orleans_insert_membership(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
        @ProxyPort::integer, @StartTime, @IAmAliveTime, @Version)
$q$),

('UpdateMembershipKey', $q$
    SELECT orleans_update_membership(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes::text,
        @IAmAliveTime, @Version)
$q$),

-- The heartbeat: one write by primary key, without a version bump, as the provider expects.
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleans_membership
    SET i_am_alive_time = @IAmAliveTime
    WHERE deployment_id = @DeploymentId
      AND address = @Address
      AND port = @Port
      AND generation = @Generation
$q$),

-- The left join returns the version row even when the silo row is absent.
('MembershipReadRowKey', $q$
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port,
           m.generation AS Generation, m.silo_name AS SiloName, m.host_name AS HostName,
           m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
    FROM orleans_membership_version v
    LEFT OUTER JOIN orleans_membership m
        ON v.deployment_id = m.deployment_id
       AND m.address = @Address
       AND m.port = @Port
       AND m.generation = @Generation
    WHERE v.deployment_id = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port,
           m.generation AS Generation, m.silo_name AS SiloName, m.host_name AS HostName,
           m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
           m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
    FROM orleans_membership_version v
    LEFT OUTER JOIN orleans_membership m ON v.deployment_id = m.deployment_id
    WHERE v.deployment_id = @DeploymentId
$q$),

-- Deleting the version row removes the cluster's silo rows through ON DELETE CASCADE.
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleans_membership_version
    WHERE deployment_id = @DeploymentId
$q$),

('GatewaysQueryKey', $q$
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM orleans_membership
    WHERE deployment_id = @DeploymentId
      AND status = @Status
      AND proxy_port > 0
$q$),

-- Bulk cleanup of defunct silos. Only Dead (6) rows go: a Joining or ShuttingDown silo with a late
-- heartbeat is still a member. Rows with suspicions are kept because their suspicion times, which
-- may be newer than the heartbeat, are only known to the provider's per-row query below.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId
      AND status = 6
      AND i_am_alive_time < @IAmAliveTime
      AND start_time < @IAmAliveTime
      AND coalesce(suspect_times, '') = ''
$q$),

-- Per-row cleanup: deletes one Dead row only if it still contains the values the provider read, so a
-- row changed since then survives. It leaves the table version alone, like the heartbeat.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId
      AND status = 6
      AND address = @Address
      AND port = @Port
      AND generation = @Generation
      AND i_am_alive_time = @IAmAliveTime
      AND start_time = @StartTime
      AND coalesce(suspect_times, '') = coalesce(@SuspectTimes::text, '')
$q$);
