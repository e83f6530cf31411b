namespace Channels.BotFramework;

/// <summary>
/// A signing key's endorsements name the channels it may sign for: an activity from another channel signed with it is
/// refused. An activity without a channel id passes (there is nothing to compare).
/// </summary>
internal static class EndorsementsValidator
{
    public static bool Validate(string? channelId, IReadOnlyCollection<string> endorsements)
    {
        ArgumentNullException.ThrowIfNull(endorsements);
        if (string.IsNullOrEmpty(channelId))
            return true;
        return endorsements.Contains(channelId, StringComparer.Ordinal);
    }
}
