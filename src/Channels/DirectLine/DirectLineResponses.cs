using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Channels.DirectLine;

/// <summary>Direct Line's Conversation object (its property names are the protocol's, <c>expires_in</c> included).</summary>
internal sealed record ConversationResponse(
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("streamUrl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StreamUrl = null);

internal sealed record ResourceResponse([property: JsonPropertyName("id")] string Id);

internal static class DirectLineUrls
{
    /// <summary>The absolute Direct Line base URL as the client reached it (what DirectLineJS calls its domain).</summary>
    public static string Domain(HttpRequest request, string basePath) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}{basePath}";

    /// <summary>
    /// The conversation's WebSocket URL. It carries a token, never the secret: the URL may end up in logs and browsers.
    /// </summary>
    public static string Stream(HttpRequest request, string basePath, string conversationId, string token, long? watermark)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var url = $"{scheme}://{request.Host}{request.PathBase}{basePath}/conversations/{Uri.EscapeDataString(conversationId)}/stream?t={Uri.EscapeDataString(token)}";
        return watermark is { } value ? $"{url}&watermark={value}" : url;
    }
}
