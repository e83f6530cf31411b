using BotHost.Admin.Editor;
using Handover.Settings;

namespace BotHost.Tests.Admin;

/// <summary>The two ways the editor turns what it gets into a settings document: the form's JSON, and the AI switch's line edit.</summary>
public class EditorDocumentTests
{
    [Theory]
    [InlineData("""{"triggers":{"failedAttemptLimit":"three"}}""", "triggers.failedAttemptLimit")]
    [InlineData("""{"triggers":{"sometimes":true}}""", "triggers.sometimes")]
    [InlineData("""{"actions":[{"type":"pause","duration":"5m"},{"type":"tags","colour":"red"}]}""", "actions[1].colour")]
    [InlineData("""{"actions":null}""", "actions")]
    [InlineData("""{"actions":[null]}""", "actions[0]")]
    [InlineData("""{"scenarios":[{"name":"x","topic":["a"]},null]}""", "scenarios[1]")]
    [InlineData("""{"teams":{"support":null}}""", "teams.support")]
    [InlineData("""{"mode":null}""", "mode")]
    [InlineData("""not json""", "")]
    public void SettingsJson_WrongShape_OneErrorAtItsPath(string json, string path)
    {
        var (config, errors) = SettingsJson.Read(json);

        Assert.Null(config);
        Assert.Equal(path, Assert.Single(errors).Path);
    }

    [Fact]
    public void SettingsJson_FormDocument_ReadsAsTheYamlFileWould()
    {
        var (config, errors) = SettingsJson.Read("""
            {"mode":"SemiAutomate","aiPublished":false,"triggers":{"failedAttemptLimit":3,"contactRequest":true,"offerBeforeHandover":true},
             "scenarios":[{"name":"Angry","topic":[],"amountOver":null,"frustration":true}],
             "actions":[{"type":"assign","agent":null,"strategy":"leastBusy","capacity":null,"team":null},{"type":"pause","duration":"45m"}]}
            """);

        Assert.Empty(errors);
        var roundTrip = BotConfigYaml.Parse(BotConfigYaml.Write(config!)).Config!;
        Assert.Equal(("SemiAutomate", false, 3, true), (roundTrip.Mode, roundTrip.AiPublished, roundTrip.Triggers.FailedAttemptLimit, roundTrip.Scenarios[0].Frustration));
        Assert.Equal(["assign", "pause"], roundTrip.Actions.Select(a => a.Type));
        Assert.Equal("45m", roundTrip.Actions[1].Duration);
    }

    [Fact]
    public void AiPublishedLine_ExistingLine_OnlyItsValueChanges()
    {
        const string yaml = "# the demo bot\nmode: Automate\naiPublished: true         # L10\npickupTimeout: 60s\n";

        Assert.Equal("# the demo bot\nmode: Automate\naiPublished: false         # L10\npickupTimeout: 60s\n", AiPublishedLine.Set(yaml, false));
    }

    [Fact]
    public void AiPublishedLine_NoLine_AddedAtTheTop()
    {
        Assert.Equal("aiPublished: false\n# nothing else\nmode: Automate\n", AiPublishedLine.Set("# nothing else\nmode: Automate\n", false));
    }

    [Fact]
    public void AiPublishedLine_FlowStyleDocument_RewrittenWhole()
    {
        var edited = AiPublishedLine.Set("{mode: SemiAutomate, aiPublished: true}", false);

        var config = BotConfigYaml.Parse(edited).Config!;
        Assert.False(config.AiPublished);
        Assert.Equal("SemiAutomate", config.Mode);
    }

    [Fact]
    public void AiPublishedLine_DocumentThatDoesNotParse_LeftAsItIs()
    {
        Assert.Equal("mode: [unclosed\n", AiPublishedLine.Set("mode: [unclosed\n", false));
    }
}
