using System.Diagnostics;

namespace Testing;

internal sealed record ProcessResult(int ExitCode, string Output);

/// <summary>Runs short-lived tools (initdb, chown, id) and hands back their exit code and combined output.</summary>
internal static class ProcessRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    public static async Task<ProcessResult> TryRunAsync(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {Describe(start)}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Describe(start)} did not finish within {timeout ?? DefaultTimeout}.");
        }
        return new ProcessResult(process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Like <see cref="TryRunAsync"/>, but a non-zero exit code is an exception that carries the output.</summary>
    public static async Task<string> RunAsync(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var argumentList = arguments.ToList();
        var result = await TryRunAsync(fileName, argumentList, workingDirectory, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{fileName} {string.Join(' ', argumentList)}` exited with code {result.ExitCode}:{Environment.NewLine}{result.Output}");
        }
        return result.Output;
    }

    private static string Describe(ProcessStartInfo start) => $"`{start.FileName} {string.Join(' ', start.ArgumentList)}`";
}
