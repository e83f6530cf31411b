namespace Channels.Teams;

/// <summary>
/// A Teams conversation as an outbox address: the Connector's service URL and the conversation (a channel thread or a
/// personal chat), written "serviceUrl|conversationId". Service URLs never contain '|' unescaped.
/// </summary>
internal sealed record TeamsAddress(string ServiceUrl, string ConversationId)
{
    public const string Channel = "teams";

    public override string ToString() => $"{ServiceUrl}|{ConversationId}";

    public static TeamsAddress? Parse(string address)
    {
        var bar = address.IndexOf('|', StringComparison.Ordinal);
        return bar <= 0 || bar == address.Length - 1 ? null : new TeamsAddress(address[..bar], address[(bar + 1)..]);
    }

    /// <summary>The channel thread's own conversation id without ";messageid=...": threads are paced per channel thread.</summary>
    public string PacingKey => ConversationId;
}
