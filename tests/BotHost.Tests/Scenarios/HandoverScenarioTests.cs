using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Scenarios;

/// <summary>The example scenarios of handover.yaml that the core and its web chat cover, each on a fresh host.</summary>
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
    };

    [Theory]
    [MemberData(nameof(CoreScenarios))]
    public async Task Scenario_PlaysAsWritten(string name)
    {
        await using var app = await TestApp.StartAsync();
        await new ScenarioRunner(app).RunAsync(All.Single(s => s.Name == name));
    }

    [Fact]
    public void ScenarioFile_ReadsEveryScenario() => Assert.True(All.Count >= 12 && All.All(s => s.Turns.Count > 0));
}
