using System.Diagnostics;
using System.Text.Json;
using BotHost.Cli;

namespace BotHost.Tests.Recognizers;

public sealed class RecognizeCommandTests
{
    [Fact]
    public async Task TryRunAsync_RecognizeCurrency_WritesOneJsonArrayPerLine()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await CliVerbs.TryRunAsync(["recognize", "--model", "currency"], new StringReader("it was $349.99\nnothing here\n"), output, error);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var result = JsonDocument.Parse(lines[0]).RootElement[0];
        Assert.Equal("$349.99", result.GetProperty("Text").GetString());
        Assert.Equal("currency", result.GetProperty("TypeName").GetString());
        Assert.Equal("349.99", result.GetProperty("Resolution").GetProperty("value").GetString());
        Assert.Equal("Dollar", result.GetProperty("Resolution").GetProperty("unit").GetString());
        Assert.Equal(7, result.GetProperty("Start").GetInt32());
        Assert.Equal(13, result.GetProperty("End").GetInt32());
        Assert.Equal("[]", lines[1]);
    }

    [Theory]
    [InlineData("recognize", "--model", "colour")]
    [InlineData("recognize")]
    [InlineData("frobnicate")]
    public async Task TryRunAsync_UnknownVerbOrBadModel_ReportsOnStandardErrorAndFails(params string[] args)
    {
        var error = new StringWriter();

        var exitCode = await CliVerbs.TryRunAsync(args, new StringReader(""), new StringWriter(), error);

        Assert.NotEqual(0, exitCode);
        Assert.NotEqual("", error.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://127.0.0.1:0")]
    [InlineData("Demo:Enabled=true")]
    public async Task TryRunAsync_HostArguments_LeavesThemToTheHost(params string[] args) =>
        Assert.Null(await CliVerbs.TryRunAsync(args, new StringReader(""), new StringWriter(), new StringWriter()));

    [Fact]
    public async Task BotHostDll_RecognizePhoneFromStandardInput_PrintsResultsWithoutStartingTheHost()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BotHost.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "recognize", "--model", "phone"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("call (541) 754-3010");
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, process.ExitCode);
        var result = JsonDocument.Parse(output.Trim()).RootElement[0];
        Assert.Equal("(541) 754-3010", result.GetProperty("Resolution").GetProperty("value").GetString());
        Assert.Equal("1", result.GetProperty("Resolution").GetProperty("score").GetString());
    }
}
