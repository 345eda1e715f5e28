using Voting.Grains.Interfaces;
using Voting.Grains.Ledger;

namespace Voting.Grains.Tests.Ledger;

public sealed class ReceiptsTests
{
    [Fact]
    public void NewReceipt_IsWellFormedAndUnique()
    {
        var receipts = Enumerable.Range(0, 10_000).Select(_ => Receipts.NewReceipt()).ToList();

        Assert.All(receipts, r => Assert.True(Identifiers.IsReceipt(r), r));
        Assert.Equal(receipts.Count, receipts.Distinct().Count());
    }

    [Fact]
    public void NewReceipt_IsNotTimeOrdered()
    {
        var receipts = Enumerable.Range(0, 200).Select(_ => Receipts.NewReceipt()).ToList();

        Assert.NotEqual(receipts.Order(StringComparer.Ordinal), receipts);
    }

    [Fact]
    public void HashIdempotencyKey_IsStableHex()
    {
        var hash = Receipts.HashIdempotencyKey("abc");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash);
    }

    [Fact]
    public void Digest_DependsOnContentNotOrder()
    {
        BallotBoxEntry[] box = [new("b", "f1"), new("a", "f2")];

        var digest = BallotBoxDigest.Compute(box);

        Assert.Equal(digest, BallotBoxDigest.Compute(box.Reverse()));
        Assert.NotEqual(digest, BallotBoxDigest.Compute([new("b", "f2"), new("a", "f1")]));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", BallotBoxDigest.Compute([]));
    }
}
