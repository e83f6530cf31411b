using System.Text;

namespace Channels.Twilio;

/// <summary>Twilio takes at most 1,600 characters per message: longer texts go as ordered parts, split between words.</summary>
internal static class MessageSplitter
{
    public const int MaxLength = 1600;

    public static IReadOnlyList<string> Split(string text, int maxLength = MaxLength)
    {
        if (text.Length <= maxLength)
            return [text];
        var parts = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > maxLength)
        {
            var window = rest[..(maxLength + 1)];
            var cut = window.LastIndexOfAny(' ', '\n', '\t');
            if (cut <= 0)
            {
                // One word longer than a part: cut it, but never between the halves of a surrogate pair.
                cut = char.IsHighSurrogate(rest[maxLength - 1]) ? maxLength - 1 : maxLength;
                parts.Add(rest[..cut].ToString());
                rest = rest[cut..];
            }
            else
            {
                parts.Add(rest[..cut].TrimEnd().ToString());
                rest = rest[(cut + 1)..].TrimStart();
            }
        }
        if (rest.Length > 0)
            parts.Add(rest.ToString());
        return parts;
    }

    /// <summary>Joins what an inbound message carried: its text and a line per media item (C3).</summary>
    public static string WithMedia(string body, IReadOnlyList<(string Url, string ContentType)> media)
    {
        if (media.Count == 0)
            return body;
        var text = new StringBuilder(body);
        foreach (var (url, type) in media)
        {
            if (text.Length > 0)
                text.Append('\n');
            text.Append('[').Append(type).Append(" attachment: ").Append(url).Append(']');
        }
        return text.ToString();
    }
}
