using System.Collections.Concurrent;
using Handover.Jobs;
using Handover.Persistence;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Testing;

namespace Handover.Tests.Jobs;

/// <summary>The real Quartz with its persistent store in our database: jobs survive restarts and run once per firing.</summary>
public class QuartzJobsTests
{
    private static readonly ConcurrentDictionary<string, ConcurrentBag<string>> Runs = new();

    private sealed class RecordingJob(NodeName node) : IJobHandler
    {
        public string Kind => "test-record";

        public Task<JobOutcome> RunAsync(JobRequest job, CancellationToken cancellationToken)
        {
            Runs.GetOrAdd(job.Key, _ => []).Add(node.Name);
            return Task.FromResult(JobOutcome.Done);
        }
    }

    private sealed record NodeName(string Name);

    private static async Task<IHost> StartNodeAsync(string connectionString, string node, bool start = true)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new NodeName(node));
        builder.Services.AddHandoverCore(builder.Configuration, connectionString);
        builder.Services.AddDurableJobs(builder.Configuration, connectionString);
        builder.Services.AddSingleton<IJobFailureSink, NoFailures>();
        builder.Services.AddSingleton<IJobHandler, RecordingJob>();
        var host = builder.Build();
        await host.Services.GetRequiredService<Migrator>().MigrateAsync();
        if (start)
            await host.StartAsync();
        return host;
    }

    private sealed class NoFailures : IJobFailureSink
    {
        public Task RecordAsync(JobRequest job, string error, CancellationToken cancellationToken) => throw new InvalidOperationException(error);
    }

    [Theory]
    [MemberData(nameof(Stores.Both), MemberType = typeof(Stores))]
    public async Task ScheduledJob_SurvivesARestart_AndFiresOnce(Store store)
    {
        using var folder = new TempDirectory();
        var connectionString = store == Store.Postgres
            ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync()
            : $"Data Source={Path.Combine(folder.Path, "jobs.db")}";
        var key = Guid.NewGuid().ToString("N");

        // The first host schedules with its scheduler in standby (never started), so only the store can carry the job on,
        // however slow the machine is.
        using (var first = await StartNodeAsync(connectionString, "first", start: false))
        {
            await first.Services.GetRequiredService<IJobScheduler>().ScheduleAsync(
                new JobRequest("test-record", key, new Dictionary<string, string>()), DateTimeOffset.UtcNow.AddSeconds(1), CancellationToken.None);
            await (await first.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler()).Shutdown(false);
        }
        Assert.False(Runs.ContainsKey(key));

        using var second = await StartNodeAsync(connectionString, "second");
        await Until(() => Runs.ContainsKey(key));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second firing would show up here
        Assert.Equal(["second"], Runs[key]);
        await second.StopAsync();
    }

    [Fact]
    public async Task TwoClusteredNodes_OnPostgres_RunEachFiringExactlyOnce()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var a = await StartNodeAsync(connectionString, "a");
        using var b = await StartNodeAsync(connectionString, "b");
        var keys = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var at = DateTimeOffset.UtcNow.AddSeconds(2);
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            var node = i % 2 == 0 ? a : b;
            await node.Services.GetRequiredService<IJobScheduler>().ScheduleAsync(new JobRequest("test-record", key, new Dictionary<string, string>()), at, CancellationToken.None);
        }
        await Until(() => keys.All(Runs.ContainsKey));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(keys, k => Assert.Single(Runs[k]));
        await Task.WhenAll(a.StopAsync(), b.StopAsync());
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 60 s");
            await Task.Delay(100);
        }
    }
}
