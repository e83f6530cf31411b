using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotHost.Cli;

/// <summary>
/// <c>teams-package --bot-id &lt;guid&gt; --out app.zip [--domain host]</c>: the sideloadable Teams app (S6): the
/// manifest from <c>manifest/</c> with the bot's App ID (also the app id) and the domain filled in, and its two icons.
/// </summary>
internal static class TeamsPackageCommand
{
    private const string Usage = "Usage: BotHost teams-package --bot-id <Microsoft App ID (GUID)> --out <app.zip> [--domain <host>]";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] Files = ["manifest.json", "color.png", "outline.png"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is not ("--bot-id" or "--out" or "--domain") || i + 1 >= args.Length)
            {
                await error.WriteLineAsync($"Unexpected argument '{args[i]}'.\n{Usage}");
                return 2;
            }
            options[args[i]] = args[++i];
        }
        if (!options.TryGetValue("--bot-id", out var botId) || !Guid.TryParse(botId, out var botGuid))
        {
            await error.WriteLineAsync($"--bot-id must be the bot's Microsoft App ID (a GUID).\n{Usage}");
            return 2;
        }
        if (!options.TryGetValue("--out", out var outPath))
        {
            await error.WriteLineAsync($"--out is required.\n{Usage}");
            return 2;
        }
        var domain = options.GetValueOrDefault("--domain");
        if (domain is not null && Uri.CheckHostName(domain) is UriHostNameType.Unknown)
        {
            await error.WriteLineAsync($"--domain must be a host name (like bot.example.com); got '{domain}'.");
            return 2;
        }

        await WriteAsync(botGuid.ToString("D"), domain, outPath);
        await output.WriteLineAsync($"Wrote {Path.GetFullPath(outPath)}: upload it in Teams (Apps > Manage your apps > Upload an app).");
        return 0;
    }

    internal static async Task WriteAsync(string botId, string? domain, string outPath)
    {
        var manifest = JsonNode.Parse(await ReadResourceTextAsync("manifest.json"))!.AsObject();
        manifest["id"] = botId;
        foreach (var bot in manifest["bots"]!.AsArray())
            bot!["botId"] = botId;
        if (domain is not null)
            manifest["validDomains"] = new JsonArray(domain);

        var folder = Path.GetDirectoryName(Path.GetFullPath(outPath));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        await using var file = File.Create(outPath);
        await using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var name in Files)
        {
            await using var entry = await zip.CreateEntry(name).OpenAsync();
            if (name == "manifest.json")
                await JsonSerializer.SerializeAsync(entry, manifest, Indented);
            else
                await using (var icon = Resource(name))
                    await icon.CopyToAsync(entry);
        }
    }

    private static async Task<string> ReadResourceTextAsync(string name)
    {
        using var reader = new StreamReader(Resource(name));
        return await reader.ReadToEndAsync();
    }

    private static Stream Resource(string name) =>
        typeof(TeamsPackageCommand).Assembly.GetManifestResourceStream($"TeamsManifest.{name}")
        ?? throw new InvalidOperationException($"The Teams manifest file '{name}' is not embedded in BotHost.");
}
