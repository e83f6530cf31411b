using Handover.Common;

namespace Handover.Tests.Common;

public class GroupCommitTests
{
    [Fact]
    public async Task Alone_IsWrittenAtOnce_InABatchOfOne()
    {
        var batches = new List<int>();
        var commit = new GroupCommit<int, int>((items, _) =>
        {
            lock (batches)
                batches.Add(items.Count);
            return Task.FromResult<IReadOnlyList<int>>(items.Select(i => i * 10).ToList());
        });

        Assert.Equal(70, await commit.SubmitAsync(7));
        Assert.Equal([1], batches);
    }

    [Fact]
    public async Task WhileAWriteIsInFlight_LaterItemsQueue_AndGoOutTogether_EachGettingItsOwnResult()
    {
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var batches = new List<IReadOnlyList<int>>();
        var commit = new GroupCommit<int, string>(async (items, _) =>
        {
            lock (batches)
                batches.Add(items);
            if (batches.Count == 1)
            {
                started.SetResult();
                await release.Task; // the first write holds the only slot
            }
            return items.Select(i => $"#{i}").ToList();
        }, maxBatch: 100, maxInFlight: 1);

        var first = commit.SubmitAsync(0);
        await started.Task;
        var queued = Enumerable.Range(1, 5).Select(i => commit.SubmitAsync(i)).ToList();
        Assert.False(first.IsCompleted);
        release.SetResult();

        Assert.Equal("#0", await first);
        Assert.Equal(["#1", "#2", "#3", "#4", "#5"], await Task.WhenAll(queued));
        Assert.Equal(2, batches.Count);
        Assert.Equal([1, 2, 3, 4, 5], batches[1]); // in submission order, in one write
    }

    [Fact]
    public async Task Batches_AreCappedAtMaxBatch()
    {
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var sizes = new List<int>();
        var commit = new GroupCommit<int, int>(async (items, _) =>
        {
            lock (sizes)
                sizes.Add(items.Count);
            started.TrySetResult();
            await release.Task;
            return items;
        }, maxBatch: 3, maxInFlight: 1);

        var all = new List<Task<int>> { commit.SubmitAsync(0) };
        await started.Task;
        all.AddRange(Enumerable.Range(1, 7).Select(i => commit.SubmitAsync(i)));
        release.SetResult();

        Assert.Equal(Enumerable.Range(0, 8), await Task.WhenAll(all));
        Assert.Equal([1, 3, 3, 1], sizes);
    }

    [Fact]
    public async Task AFailedWrite_FailsEveryItemOfItsBatch_AndLaterBatchesStillRun()
    {
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var calls = 0;
        var commit = new GroupCommit<int, int>(async (items, _) =>
        {
            var call = Interlocked.Increment(ref calls);
            if (call == 1)
            {
                started.SetResult();
                await release.Task;
                return items;
            }
            if (call == 2)
                throw new InvalidOperationException("database unavailable");
            return items;
        }, maxInFlight: 1);

        var first = commit.SubmitAsync(1);
        await started.Task;
        var failing = new[] { commit.SubmitAsync(2), commit.SubmitAsync(3) };
        release.SetResult();
        Assert.Equal(1, await first);
        foreach (var item in failing)
            Assert.Equal("database unavailable", (await Assert.ThrowsAsync<InvalidOperationException>(() => item)).Message);

        Assert.Equal(4, await commit.SubmitAsync(4));
    }

    [Fact]
    public async Task AWriteReturningTheWrongNumberOfResults_FailsItsItems()
    {
        var commit = new GroupCommit<int, int>((_, _) => Task.FromResult<IReadOnlyList<int>>([]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => commit.SubmitAsync(1));
    }

    [Fact]
    public async Task ManyConcurrentSubmitters_EachGetTheirOwnResult()
    {
        var commit = new GroupCommit<int, int>(async (items, _) =>
        {
            await Task.Yield();
            return items.Select(i => -i).ToList();
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => commit.SubmitAsync(i))));
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => -i), results);
    }
}
