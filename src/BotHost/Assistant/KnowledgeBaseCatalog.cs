using Microsoft.Extensions.Logging;

namespace BotHost.Assistant;

/// <summary>
/// Finds, reads and indexes the knowledge base of every configured bot, plus the demo bot's. Problems with any of
/// them end in one exception listing them all, so a bad configuration stops startup with one clear message.
/// </summary>
internal static class KnowledgeBaseCatalog
{
    public const string DemoBotId = "demo";

    /// <summary>Where the build puts the shipped demo knowledge base (BotHost.csproj copies Demo/knowledge.yaml).</summary>
    public static string DemoKnowledgeBasePath => Path.Combine(AppContext.BaseDirectory, "Demo", "knowledge.yaml");

    public static Dictionary<string, KnowledgeIndex> Load(AssistantOptions options, string contentRoot, ILogger logger)
    {
        var files = new Dictionary<string, string>(options.KnowledgeBases, StringComparer.OrdinalIgnoreCase);
        files.TryAdd(DemoBotId, DemoKnowledgeBasePath);

        var indexes = new Dictionary<string, KnowledgeIndex>(StringComparer.OrdinalIgnoreCase);
        var failures = new List<string>();
        foreach (var (botId, configured) in files)
        {
            var key = $"{AssistantOptions.SectionName}:KnowledgeBases:{botId}";
            var candidates = Candidates(configured, contentRoot);
            var path = candidates.FirstOrDefault(File.Exists);
            if (path is null)
            {
                failures.Add($"{key}: knowledge base '{configured}' not found (looked for {string.Join(" and ", candidates)}).");
                continue;
            }
            try
            {
                var entries = KnowledgeBaseFile.Read(path);
                indexes[botId] = KnowledgeIndexBuilder.Build(entries);
                logger.LogInformation("Assistant: bot {BotId} answers from {Path} ({Count} entries).", botId, path, entries.Count);
            }
            catch (KnowledgeBaseException e)
            {
                failures.Add($"{key}: {e.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new KnowledgeBaseException(
                $"The assistant's knowledge bases could not be loaded:{Environment.NewLine}- "
                + string.Join(Environment.NewLine + "- ", failures));
        }
        return indexes;
    }

    // Relative paths: next to the application first (files shipped with the build), then the content root (files
    // an operator puts beside appsettings.json).
    private static string[] Candidates(string configured, string contentRoot) =>
        Path.IsPathRooted(configured)
            ? [configured]
            : new[] { Path.GetFullPath(configured, AppContext.BaseDirectory), Path.GetFullPath(configured, contentRoot) }.Distinct().ToArray();
}
