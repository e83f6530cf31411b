using BotHost.Tests.Infrastructure;

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

    [Fact]
    public void ScenarioFile_ReadsEveryScenario() => Assert.True(All.Count >= 12 && All.All(s => s.Turns.Count > 0));
}
