using BotHost.Tests.Infrastructure;
using Handover.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Testing;

namespace BotHost.Tests.Scenarios;

/// <summary>The example scenarios of handover.yaml, each on a fresh host (nobody-picks-up needs the pickup timer of the jobs).</summary>
public class HandoverScenarioTests
{
    private static readonly IReadOnlyList<Scenario> All = ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "Scenarios", "handover.yaml"));

    public static TheoryData<string> CoreScenarios => new()
    {
        "answers-from-knowledge",
        "explicit-request-for-a-person",
        "one-word-support",
        "negated-request-is-not-a-request",
        "human-takes-over-and-gives-back",
        "resolve-then-reopen",
        "transfer-with-note",
        "lack-of-information-twice",
        "offer-then-yes",
        "offer-then-no",
        "refund-over-threshold-scenario",
    };

    [Theory]
    [MemberData(nameof(CoreScenarios))]
    public async Task Scenario_PlaysAsWritten(string name)
    {
        var scenario = All.Single(s => s.Name == name);
        await using var app = await TestApp.StartAsync(settings: ScenarioConfig.Settings(scenario));
        await new ScenarioRunner(app).RunAsync(scenario);
    }

    /// <summary>Scenarios that need bot settings or the pickup timer: the host's durable jobs run on a manual scheduler.</summary>
    public static TheoryData<string> ActionScenarios => new()
    {
        "nobody-picks-up",
        "refund-over-threshold-scenario",
    };

    [Theory]
    [MemberData(nameof(ActionScenarios))]
    public async Task ActionScenario_PlaysAsWritten(string name)
    {
        await using var app = await TestApp.StartAsync(customize: b =>
        {
            b.Services.AddSingleton(_ => new ManualJobScheduler(TimeProvider.System));
            b.Services.Replace(ServiceDescriptor.Singleton<IJobScheduler>(sp => sp.GetRequiredService<ManualJobScheduler>()));
        });
        await new ScenarioRunner(app).RunAsync(All.Single(s => s.Name == name));
    }

    [Fact]
    public void ScenarioFile_ReadsEveryScenario() => Assert.True(All.Count >= 12 && All.All(s => s.Turns.Count > 0));
}
