using Handover.Actions;
using Handover.Events;
using Handover.Jobs;
using Handover.Settings;
using Handover.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Testing;

namespace Handover.Tests.Actions;

/// <summary>
/// The core with the handover actions, a bot file for "demo", the manual clock and the manual job scheduler, or, with
/// <c>quartz: true</c>, the product's Quartz scheduler on the test's database, running on the same manual clock.
/// </summary>
public sealed class ActionsHarness : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private readonly Quartz.IScheduler? _quartz;

    private ActionsHarness(CoreHarness core, TempDirectory folder, Quartz.IScheduler? quartz)
    {
        Core = core;
        _folder = folder;
        _quartz = quartz;
    }

    public CoreHarness Core { get; }
    public ManualJobScheduler Jobs => Core.Services.GetRequiredService<ManualJobScheduler>();
    public Quartz.IScheduler Quartz => _quartz ?? throw new InvalidOperationException("Started without quartz: true.");
    public JobRunner Runner => Core.Services.GetRequiredService<JobRunner>();
    public BotConfigCatalog Bots => Core.Services.GetRequiredService<BotConfigCatalog>();
    public string ConfigDirectory => Path.Combine(_folder.Path, "bots");

    public static async Task<ActionsHarness> StartAsync(Store store, string botYaml, Dictionary<string, string?>? settings = null, bool quartz = false)
    {
        var folder = new TempDirectory();
        var values = new Dictionary<string, string?> { ["BotFiles:ConfigDirectory"] = Path.Combine(folder.Path, "bots") };
        foreach (var (k, v) in settings ?? [])
            values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var core = await CoreHarness.StartAsync(store, configure: (s, connectionString) =>
        {
            if (quartz)
            {
                s.AddDurableJobs(configuration, connectionString);
                // The test starts Quartz's scheduler itself; its hosted service needs a host this harness does not have.
                foreach (var hosted in s.Where(d => d.ServiceType == typeof(IHostedService) && IsQuartz(d)).ToList())
                    s.Remove(hosted);
            }
            else
            {
                s.AddSingleton(sp => new ManualJobScheduler(sp.GetRequiredService<TimeProvider>()));
                s.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<ManualJobScheduler>());
                s.AddOptions<JobRetryOptions>();
                s.AddSingleton<JobRunner>();
            }
            s.AddSingleton<IContactDetailsReader, PlainContactDetails>();
            s.AddHandoverActions(configuration);
        });
        await core.Services.GetRequiredService<Persistence.Migrator>().MigrateAsync();
        Directory.CreateDirectory(Path.Combine(folder.Path, "bots"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "bots", "demo.yaml"), botYaml);
        // Quartz's scheduler only, as its hosted service would start it: the core's outbox and relay stay driven by the test.
        var scheduler = quartz ? await core.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler() : null;
        var harness = new ActionsHarness(core, folder, scheduler);
        await harness.Bots.StartAsync(async ct => (await core.Agents.ListAsync(ct)).Select(a => a.Id).ToHashSet(), CancellationToken.None);
        if (scheduler is not null)
            await scheduler.Start();
        return harness;
    }

    private static bool IsQuartz(ServiceDescriptor d) =>
        (d.ImplementationType ?? d.ImplementationFactory?.Method.DeclaringType)?.Assembly == typeof(Quartz.IScheduler).Assembly;

    /// <summary>Delivers every pending conversation event to the handover actions, as the relay does in the host.</summary>
    public async Task RelayAsync()
    {
        var relay = Core.Services.GetServices<IHostedService>().OfType<EventRelay>().Single();
        var handler = Core.Services.GetServices<IConversationEventHandler>().Single(x => x.Name == "handover-actions");
        while (await relay.RelayOnceAsync(handler, CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>Moves the clock and runs the jobs that became due (on Quartz, Quartz runs them when it notices).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Core.Time.Advance(by);
        if (_quartz is null)
            await Jobs.RunDueAsync(Runner);
    }

    public async ValueTask DisposeAsync()
    {
        if (_quartz is not null)
            await _quartz.Shutdown(waitForJobsToComplete: true);
        Bots.Dispose();
        await Core.DisposeAsync();
        _folder.Dispose();
    }
}
