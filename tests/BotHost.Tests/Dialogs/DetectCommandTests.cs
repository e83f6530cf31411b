using System.Text.Json;
using BotHost.Cli;

namespace BotHost.Tests.Dialogs;

public class DetectCommandTests
{
    private static async Task<List<JsonElement>> DetectAsync(params string[] lines)
    {
        using var input = new StringReader(string.Join('\n', lines));
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await CliVerbs.TryRunAsync(["detect"], input, output, error));
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task Detect_OneJsonObjectPerLine_WithEveryField()
    {
        var results = await DetectAsync(
            "can I talk to a human?",
            "yep please",
            "also I need a refund of $349.99 for the boots",
            "THIS IS THE THIRD TIME I ASK, your service is terrible!!",
            "what's your support e-mail?");

        Assert.Equal(5, results.Count);
        Assert.True(results[0].GetProperty("contactRequest").GetBoolean());
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("confirmation").ValueKind);
        Assert.Equal("yes", results[1].GetProperty("confirmation").GetString());
        var amount = Assert.Single(results[2].GetProperty("amounts").EnumerateArray());
        Assert.Equal((349.99m, "USD"), (amount.GetProperty("value").GetDecimal(), amount.GetProperty("currency").GetString()));
        Assert.Contains("refund", results[2].GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.True(results[3].GetProperty("frustrated").GetBoolean());
        Assert.True(results[3].GetProperty("sentiment").GetDouble() < -0.5);
        Assert.False(results[4].GetProperty("contactRequest").GetBoolean());
        Assert.All(results, r => Assert.True(r.TryGetProperty("text", out _)));
    }

    [Fact]
    public async Task Detect_NoInput_NoOutput() => Assert.Empty(await DetectAsync());
}
