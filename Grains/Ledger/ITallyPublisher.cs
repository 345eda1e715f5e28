namespace Voting.Grains.Ledger;

/// <summary>Sends each committed batch's per-category counts to the live counters.</summary>
public interface ITallyPublisher
{
    /// <summary>Starts delivery and returns at once; the counters heal from the ledger if a delta is lost.</summary>
    void Publish(IReadOnlyList<CategoryCommit> commits);
}
