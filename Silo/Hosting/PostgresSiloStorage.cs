using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Voting.Grains;
using Voting.Grains.Ledger;
using Voting.Grains.Ledger.Postgres;
using Voting.Silo.Migrations;

namespace Voting.Silo.Hosting;

/// <summary>Puts a silo's membership, grain state and ballot ledger on PostgreSQL.</summary>
public static class PostgresSiloStorage
{
    /// <summary>The ADO.NET invariant name of Npgsql, as the Orleans ADO.NET providers expect it.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Registers ADO.NET clustering, ADO.NET grain storage named <see cref="StateNames.Storage"/> and
    /// the PostgreSQL ledger store, all on one data source and so on one connection pool. With
    /// <paramref name="migrateOnStart"/>, the silo applies db/*.sql before its providers start.
    /// </summary>
    public static ISiloBuilder UseVotingPostgres(this ISiloBuilder silo, NpgsqlDataSource dataSource,
        bool migrateOnStart = false)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.DataSource = dataSource;
        });
        silo.AddAdoNetGrainStorage(StateNames.Storage, options =>
        {
            options.Invariant = Invariant;
            options.DataSource = dataSource;
        });
        silo.Services.AddSingleton(dataSource);
        silo.Services.AddSingleton<IBallotLedgerStore, PostgresLedgerStore>();
        if (migrateOnStart)
        {
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MigrateOnStart>();
        }

        return silo;
    }

    /// <summary>Applies the migrations in the silo's first lifecycle stage, before membership and storage start.</summary>
    private sealed class MigrateOnStart(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
        : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(MigrateOnStart), ServiceLifecycleStage.First,
                cancellationToken => new DatabaseMigrator(dataSource, logger).MigrateAsync(cancellationToken));
    }
}
