using System.CommandLine;
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
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] Files = ["manifest.json", "color.png", "outline.png"];

    public static Command Create()
    {
        var botId = new Option<string>("--bot-id") { Description = "The bot's Microsoft App ID (a GUID); also the app's id.", Required = true };
        botId.Validators.Add(r =>
        {
            if (!Guid.TryParse(r.GetValueOrDefault<string>(), out _))
                r.AddError("--bot-id must be the bot's Microsoft App ID (a GUID).");
        });
        var output = new Option<string>("--out") { Description = "Where to write the zip (e.g. app.zip).", Required = true };
        var domain = new Option<string?>("--domain") { Description = "The host the bot is served from, added to validDomains." };
        domain.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } d && Uri.CheckHostName(d) is UriHostNameType.Unknown)
                r.AddError($"--domain must be a host name (like bot.example.com); got '{d}'.");
        });

        var command = new Command("teams-package", "Writes the sideloadable Microsoft Teams app (manifest.json, color.png, outline.png) for the bot.")
        {
            botId, output, domain,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(output)!;
            await WriteAsync(Guid.Parse(parse.GetValue(botId)!).ToString("D"), parse.GetValue(domain), path);
            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"Wrote {Path.GetFullPath(path)}: upload it in Teams (Apps > Manage your apps > Upload an app).".AsMemory(), cancellationToken);
            return 0;
        });
        return command;
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
