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

/// <summary>The core with the handover actions, a bot file for "demo", the manual clock and the manual job scheduler.</summary>
public sealed class ActionsHarness : IAsyncDisposable
{
    private readonly TempDirectory _folder;

    private ActionsHarness(CoreHarness core, TempDirectory folder)
    {
        Core = core;
        _folder = folder;
    }

    public CoreHarness Core { get; }
    public ManualJobScheduler Jobs => Core.Services.GetRequiredService<ManualJobScheduler>();
    public JobRunner Runner => Core.Services.GetRequiredService<JobRunner>();
    public BotConfigCatalog Bots => Core.Services.GetRequiredService<BotConfigCatalog>();
    public string ConfigDirectory => Path.Combine(_folder.Path, "bots");

    public static async Task<ActionsHarness> StartAsync(Store store, string botYaml, Dictionary<string, string?>? settings = null)
    {
        var folder = new TempDirectory();
        var values = new Dictionary<string, string?> { ["BotFiles:ConfigDirectory"] = Path.Combine(folder.Path, "bots") };
        foreach (var (k, v) in settings ?? [])
            values[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var core = await CoreHarness.StartAsync(store, configure: s =>
        {
            s.AddSingleton(sp => new ManualJobScheduler(sp.GetRequiredService<TimeProvider>()));
            s.AddSingleton<IJobScheduler>(sp => sp.GetRequiredService<ManualJobScheduler>());
            s.AddOptions<JobRetryOptions>();
            s.AddSingleton<JobRunner>();
            s.AddHandoverActions(configuration);
        });
        await core.Services.GetRequiredService<Persistence.Migrator>().MigrateAsync();
        Directory.CreateDirectory(Path.Combine(folder.Path, "bots"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "bots", "demo.yaml"), botYaml);
        var harness = new ActionsHarness(core, folder);
        await harness.Bots.StartAsync(async ct => (await core.Agents.ListAsync(ct)).Select(a => a.Id).ToHashSet(), CancellationToken.None);
        return harness;
    }

    /// <summary>Delivers every pending conversation event to the handover actions, as the relay does in the host.</summary>
    public async Task RelayAsync()
    {
        var relay = Core.Services.GetServices<IHostedService>().OfType<EventRelay>().Single();
        var handler = Core.Services.GetServices<IConversationEventHandler>().Single(x => x.Name == "handover-actions");
        while (await relay.RelayOnceAsync(handler, CancellationToken.None) > 0)
        {
        }
    }

    /// <summary>Moves the clock and runs the jobs that became due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Core.Time.Advance(by);
        await Jobs.RunDueAsync(Runner);
    }

    public async ValueTask DisposeAsync()
    {
        Bots.Dispose();
        await Core.DisposeAsync();
        _folder.Dispose();
    }
}
