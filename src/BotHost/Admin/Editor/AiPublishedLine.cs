using System.Text.RegularExpressions;
using Handover.Settings;

namespace BotHost.Admin.Editor;

/// <summary>
/// L10 from the editor: sets <c>aiPublished</c> in a settings document by editing only its own top-level line (or adding
/// one at the top), so the file keeps the admin's comments and layout. A document where that does not read back as
/// intended (flow style, JSON) is rewritten whole instead.
/// </summary>
internal static partial class AiPublishedLine
{
    [GeneratedRegex(@"^(aiPublished:[ \t]*)[^\s#]*", RegexOptions.Multiline)]
    private static partial Regex Line();

    public static string Set(string yaml, bool published)
    {
        var value = published ? "true" : "false";
        var edited = Line().IsMatch(yaml) ? Line().Replace(yaml, "${1}" + value, 1) : $"aiPublished: {value}\n{yaml}";
        if (BotConfigYaml.Parse(edited) is ({ } config, []) && config.AiPublished == published)
            return edited;
        if (BotConfigYaml.Parse(yaml) is ({ } original, []))
        {
            original.AiPublished = published;
            return BotConfigYaml.Write(original);
        }
        // Neither reads: the document keeps its own errors, which the caller reports.
        return yaml;
    }
}
