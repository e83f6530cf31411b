using Handover.Settings;
using Handover.Tests.Infrastructure;

namespace Handover.Tests.Actions;

public class BotConfigTests
{
    private static readonly ConfigContext Context = new(new HashSet<string> { "alice", "bob" }, new IntegrationsOptions());

    private static IReadOnlyList<ConfigError> Check(string yaml)
    {
        var (config, errors) = BotConfigYaml.Parse(yaml);
        return config is null ? errors : BotConfigValidator.Validate(config, Context);
    }

    [Fact]
    public void EmptyFile_IsValid_WithTheDefaults()
    {
        Assert.Empty(Check(""));
        var (config, _) = BotConfigYaml.Parse("");
        Assert.Equal(("Automate", "120s", true), (config!.Mode, config.PickupTimeout, config.AiPublished));
    }

    [Fact]
    public void DemoFile_IsValid() =>
        Assert.Empty(Check(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "demo.yaml")).Replace("[alice, bob, carol]", "[alice, bob]", StringComparison.Ordinal)));

    [Theory]
    [InlineData("actions:\n  - type: teleport\n", "actions[0].type", "teleport")]
    [InlineData("actions:\n  - type: tags\n  - type: tags\n  - type: tags\n  - type: tags\n  - type: tags\n  - type: tags\n  - type: pause\n    duration: 1m\n", "actions[6]", "pause")]
    [InlineData("pickupTimeout: soon\n", "pickupTimeout", "soon")]
    [InlineData("actions:\n  - type: pause\n    duration: -5m\n", "actions[0].duration", "-5m")]
    [InlineData("actions:\n  - type: createTask\n    due: 24x\n", "actions[0].due", "24x")]
    [InlineData("actions:\n  - type: assign\n    agent: zed\n", "actions[0].agent", "zed")]
    [InlineData("actions:\n  - type: assign\n    team: billing\n", "actions[0].team", "billing")]
    [InlineData("teams:\n  billing: [alice, zed]\n", "teams.billing", "zed")]
    [InlineData("actions:\n  - type: assign\n    strategy: random\n", "actions[0].strategy", "random")]
    [InlineData("actions:\n  - type: email\n    to: [ops@example.com]\n", "actions[0]", "email")]
    [InlineData("actions:\n  - type: email\n    to: [not-an-address]\n", "actions[0].to", "not-an-address")]
    [InlineData("actions:\n  - type: ticket\n    helpdesks: [zendesk]\n", "actions[0].helpdesks", "zendesk")]
    [InlineData("actions:\n  - type: ticket\n    helpdesks: [freshdesk]\n", "actions[0].helpdesks", "freshdesk")]
    [InlineData("mode: Manual\n", "mode", "Manual")]
    [InlineData("afterResolve: never\n", "afterResolve", "never")]
    [InlineData("scenarios:\n  - name: Refunds\n    topic: [refund]\n    amountOver: {value: 200, currency: XYZ}\n", "scenarios[0].amountOver.currency", "XYZ")]
    public void EachRule_NamesThePathAndTheBadValue(string yaml, string path, string value)
    {
        var errors = Check(yaml);
        Assert.Contains(errors, e => e.Path == path && e.Value == value);
    }

    [Fact]
    public void FrustrationScenario_NeedsNoKeywords_OtherScenariosDo()
    {
        Assert.Empty(Check("scenarios:\n  - name: Upset\n    frustration: true\n"));
        Assert.Empty(Check("scenarios:\n  - name: Upset about refunds\n    frustration: true\n    topic: [refund]\n"));
        Assert.Equal("scenarios[0].topic", Assert.Single(Check("scenarios:\n  - name: Nothing\n")).Path);
    }

    [Fact]
    public void UnknownKey_IsAnError_WithItsLine()
    {
        var error = Assert.Single(Check("mode: Automate\npickupTimout: 60s\n"));
        Assert.StartsWith("line 2", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralBadValues_AreAllReported() =>
        Assert.Equal(3, Check("mode: X\npickupTimeout: later\nactions:\n  - type: nope\n").Count);

    [Fact]
    public async Task FileEdits_AreAppliedWithoutRestart_AndABadEditKeepsTheLastGoodSettings()
    {
        await using var h = await ActionsHarness.StartAsync(Store.Sqlite, "pickupTimeout: 60s\n");
        Assert.Equal("60s", h.Bots.For("demo").PickupTimeout);
        var file = Path.Combine(h.ConfigDirectory, "demo.yaml");

        await File.WriteAllTextAsync(file, "pickupTimeout: 90s\n");
        await Until(() => h.Bots.For("demo").PickupTimeout == "90s");

        await File.WriteAllTextAsync(file, "pickupTimeout: whenever\n");
        await Until(() => h.Bots.LastError("demo") is not null);
        Assert.Equal("90s", h.Bots.For("demo").PickupTimeout);
        Assert.Contains(h.Bots.LastError("demo")!.Errors, e => e.Path == "pickupTimeout");
        Assert.EndsWith("demo.yaml", h.Bots.LastError("demo")!.File, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidFileAtStart_StopsTheStart_NamingFilePathAndValue()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => ActionsHarness.StartAsync(Store.Sqlite, "actions:\n  - type: assign\n    agent: zed\n"));
        Assert.Contains("demo.yaml", e.Message);
        Assert.Contains("actions[0].agent", e.Message);
        Assert.Contains("zed", e.Message);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 20 s");
            await Task.Delay(50);
        }
    }
}
