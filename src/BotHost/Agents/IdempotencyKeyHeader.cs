namespace BotHost.Agents;

/// <summary>
/// The Idempotency-Key request header (IETF httpapi draft) on an agent's post: a client retrying a post whose answer
/// it lost sends the same key, and the message is posted and sent once. The key is the client's, scoped to the
/// signed-in agent; the same key with another message is refused with 422.
/// </summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    public const int MaxLength = 255;

    /// <summary>The key (null when the header is absent), or why the header's value is not one.</summary>
    public static (string? Key, string? Problem) Read(string? header)
    {
        if (header is null)
            return (null, null);
        var value = header.Trim();
        // The draft writes the key as a structured-field string ("..."); bare tokens are what most clients send.
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            value = value[1..^1];
        if (value.Length is 0 or > MaxLength || value.Any(c => c is < '!' or > '~'))
            return (null, $"The {Name} header must be 1 to {MaxLength} visible ASCII characters (one header).");
        return (value, null);
    }

    /// <summary>The key as the core stores it, apart from the keys the agent's other surfaces give their posts (Twilio, Teams).</summary>
    public static string ForCore(string key) => "http:" + key;
}
