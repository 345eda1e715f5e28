namespace Voting.Integration.Tests;

public sealed class SecrecyTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [PostgresFact]
    public async Task Schema_NoTableLinksDelegateToFinalist()
    {
        var columns = await ReadColumnsAsync();

        var linking = columns.GroupBy(c => c.Table)
            .Where(t => t.Any(c => c.Column.Contains("delegate")) && t.Any(c => c.Column.Contains("finalist")))
            .Select(t => t.Key)
            .ToList();

        Assert.Empty(linking);
        Assert.Contains(columns, c => c is { Table: "ledger_sign_in", Column: "delegate_id" });
        Assert.Contains(columns, c => c is { Table: "ledger_ballot", Column: "finalist_id" });
    }

    [PostgresFact]
    public async Task BallotTable_HasNoDelegateOrPreciseTime()
    {
        var ballot = (await ReadColumnsAsync()).Where(c => c.Table == "ledger_ballot").ToList();

        Assert.NotEmpty(ballot);
        Assert.DoesNotContain(ballot, c => c.Column.Contains("delegate"));
        Assert.DoesNotContain(ballot, c => c.Type.Contains("time") || c.Type == "interval");
        Assert.Equal("date", Assert.Single(ballot, c => c.Column == "cast_on").Type);
    }

    private async Task<List<(string Table, string Column, string Type)>> ReadColumnsAsync()
    {
        await using var command = fixture.DataSource.CreateCommand("""
            SELECT table_name, column_name, data_type
            FROM information_schema.columns
            WHERE table_schema = 'public'
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return columns;
    }
}
