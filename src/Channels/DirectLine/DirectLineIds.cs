using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace Channels.DirectLine;

/// <summary>
/// Identifiers handed out by the server. Activity ids contain the conversation id because the core dedupes inbound
/// messages on (channel, provider id) across all conversations.
/// </summary>
internal static class DirectLineIds
{
    /// <summary>Channel name of web chat conversations in the core.</summary>
    public const string Channel = "webchat";

    public static string NewConversationId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>"dl_" marks ids that Web Chat only accepts from a token, so a page cannot pick them itself.</summary>
    public static string NewUserId() => "dl_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    public static string ForUserActivity(string conversationId, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}|{seq:D7}");

    public static string ForBotMessage(string conversationId, long messageId) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}|m{messageId}");

    public static string ForTyping(string conversationId) =>
        $"{conversationId}|t{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(6))}";
}
