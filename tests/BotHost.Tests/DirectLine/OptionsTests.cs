using Microsoft.Extensions.Options;

namespace BotHost.Tests.DirectLine;

public sealed class OptionsTests
{
    [Fact]
    public async Task Start_OutsideDevelopmentWithoutSecret_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            DirectLineHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:BasePath"] = "v3/" }, environment: "Production"));

        Assert.Contains("DirectLine:Secret is required outside Development", error.Message, StringComparison.Ordinal);
        Assert.Contains("DirectLine:BasePath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InDevelopmentWithoutSecret_ServesWebChatTokens()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>(), environment: "Development");

        using var response = await host.SendAsync(HttpMethod.Post, "/api/webchat/token");

        Assert.Equal(200, (int)response.StatusCode);
    }
}
