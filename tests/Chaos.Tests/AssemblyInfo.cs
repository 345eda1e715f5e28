// Each test class runs a cluster of several processes; two at once would compete for the same CPU
// cores and make the recovery times meaningless.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
