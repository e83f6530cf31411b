namespace BotHost.Cli;

/// <summary>Command-line verbs that run instead of the web host (<c>BotHost &lt;verb&gt; ...</c>).</summary>
public static class CliVerbs
{
    /// <summary>The exit code when <paramref name="args"/> starts with a known verb; null to start the host.</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0)
            return null;
        return args[0] switch
        {
            "teams-package" => await TeamsPackageCommand.RunAsync(args[1..], Console.Out, Console.Error),
            _ => null,
        };
    }
}
