using System.Text.RegularExpressions;
using Channels.BotFramework;

namespace Channels.Teams;

/// <summary>Teams writes mentions into the text as &lt;at&gt;Name&lt;/at&gt; and lists them as entities.</summary>
internal static partial class Mentions
{
    /// <summary>The text with every mention (the bot's included) removed and whitespace collapsed.</summary>
    public static string Strip(string? text)
    {
        var without = AtTag().Replace(text ?? "", " ");
        return Spaces().Replace(System.Net.WebUtility.HtmlDecode(without), " ").Trim();
    }

    /// <summary>The people mentioned in the activity, except the bot itself.</summary>
    public static IEnumerable<ChannelAccount> People(Activity activity) =>
        (activity.Entities ?? [])
            .Where(e => string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase) && e.Mentioned?.Id is not null)
            .Select(e => e.Mentioned!)
            .Where(m => m.Id != activity.Recipient?.Id);

    [GeneratedRegex("<at[^>]*>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
