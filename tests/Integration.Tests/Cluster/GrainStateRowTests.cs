using System.Text;
using Voting.Grains;
using Voting.Grains.Interfaces;
using Voting.Grains.Interfaces.Ballots;
using Xunit.Abstractions;

namespace Voting.Integration.Tests.Cluster;

/// <summary>
/// The rows the product's grains write to <c>orleans_storage</c>. The ADO.NET provider keys a row
/// by state name and grain key, not by grain type, so grains of two types with one key must use
/// different state names or they would read each other's state.
/// </summary>
public sealed class GrainStateRowTests(ClusterDatabaseFixture fixture, ITestOutputHelper output)
    : ClusterTest(output), IClassFixture<ClusterDatabaseFixture>
{
    // A delegate named like a category: DelegateGrain and CategoryGrain then share the key "election/cat-a".
    private const string CollidingId = "cat-a";

    private static readonly string[] DelegateIds = [CollidingId, "007", "7"];

    [PostgresFact]
    public async Task GrainTypes_SameKey_WriteSeparateRows()
    {
        var identity = ClusterIdentity.Create(fixture.Database);
        var electionId = ElectionApi.NewElectionId();
        var collidingKey = GrainKeys.Compose(electionId, CollidingId);
        string operatorToken;
        Dictionary<string, string> tokens;

        await using (var host = await StartHostAsync(identity))
        {
            operatorToken = host.IssueOperatorToken();
            using var api = new ElectionApi(host, electionId, operatorToken);
            await api.DefineBallotAsync(new Dictionary<string, string[]> { [CollidingId] = ["fin-1", "fin-2"] });
            tokens = await api.ImportDelegatesAsync(DelegateIds);
            await api.ChangePhaseAsync("open", CollidingId);
            foreach (var delegateId in DelegateIds)
            {
                await api.VoteAcceptedAsync(delegateId, tokens[delegateId], CollidingId, "fin-2");
            }

            // An election grain with the same key as the colliding delegate and category. The Api never
            // creates one, so the test defines it through the grain factory.
            var collidingElection = host.Grains.GetGrain<IElectionGrain>(collidingKey);
            var definition = await collidingElection.DefineAsync(CollidingBallot(collidingKey));
            Assert.Equal(BallotChangeStatus.Defined, definition.Status);

            // Turnout reads the category grain's counters, so that grain is active, yet it keeps no state row.
            Assert.Equal(DelegateIds.Length,
                ElectionApi.Category(await api.TurnoutAsync(), CollidingId).GetProperty("ballots").GetInt64());
        }

        var rows = await ReadStateRowsAsync(electionId);
        (string Key, string StateName)[] expected =
        [
            (electionId, StateNames.Election),
            (GrainKeys.Compose(electionId, "007"), StateNames.Delegate),
            (GrainKeys.Compose(electionId, "7"), StateNames.Delegate),
            (collidingKey, StateNames.Delegate),
            (collidingKey, StateNames.Election),
        ];
        Assert.Equal(expected.Order(), rows.Select(r => (r.Key, r.StateName)).Order());
        Assert.Contains("DelegateState", PayloadOf(rows, collidingKey, StateNames.Delegate));
        Assert.Contains("ElectionState", PayloadOf(rows, collidingKey, StateNames.Election));

        await using (var host = await StartHostAsync(identity))
        {
            using var api = new ElectionApi(host, electionId, operatorToken);
            var status = await api.StatusOfAsync(tokens[CollidingId]);
            Assert.Equal($"Delegate {CollidingId}", status.GetProperty("displayName").GetString());
            Assert.True(ElectionApi.Category(status, CollidingId).GetProperty("voted").GetBoolean());

            var snapshot = await host.Grains.GetGrain<IElectionGrain>(collidingKey).GetSnapshotAsync();
            Assert.NotNull(snapshot);
            Assert.Equal("Colliding election", snapshot.Ballot.Title);
            Assert.Equal(0, snapshot.RegisteredDelegates);

            var turnout = await api.TurnoutAsync();
            Assert.Equal(DelegateIds.Length, turnout.GetProperty("registeredDelegates").GetInt32());
            var audit = ElectionApi.Category(await api.AuditAsync(), CollidingId);
            Assert.True(audit.GetProperty("matches").GetBoolean(), $"Audit does not match: {audit}");
            Assert.Equal(DelegateIds.Length, audit.GetProperty("ledgerBallots").GetInt64());
        }

        Assert.Equal(expected.Order(), (await ReadStateRowsAsync(electionId)).Select(r => (r.Key, r.StateName)).Order());
    }

    // Collection expressions on purpose: the storage's JSON records each collection's runtime type, so the
    // election grain must store its own lists for this ballot to be readable after the restart below.
    private static BallotDefinition CollidingBallot(string electionId) => new(electionId, "Colliding election",
        [new("other", "Other category", null, [new("fin-x", "Finalist X", [new("Project X", "A project.")])])]);

    private static string PayloadOf(List<(string Key, string StateName, byte[] Payload)> rows, string key,
        string stateName) =>
        Encoding.UTF8.GetString(rows.Single(r => r.Key == key && r.StateName == stateName).Payload);

    /// <summary>Reads the state rows of an election's grains: the election's own key and every "election/…" key.</summary>
    private async Task<List<(string Key, string StateName, byte[] Payload)>> ReadStateRowsAsync(string electionId)
    {
        await using var dataSource = fixture.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand("""
            SELECT grain_id_string, state_name, payload
            FROM orleans_storage
            WHERE grain_id_string = @election OR grain_id_string LIKE @prefix
            """);
        command.Parameters.AddWithValue("election", electionId);
        command.Parameters.AddWithValue("prefix", electionId + "/%");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, byte[])>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? [] : (byte[])reader[2]));
        }

        return rows;
    }
}
