using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Channels.DirectLine;

/// <summary>
/// <c>POST /api/webchat/token</c> with an optional <c>{name, page}</c>: what a shop page calls to open a web chat. It
/// creates a conversation for a new user (recording the page the chat started on, or the Referer) and returns a token
/// for it and the Direct Line <c>domain</c> to give <c>createDirectLine</c>. The secret stays on the server.
/// </summary>
internal static class WebChatTokenEndpoint
{
    public const int MaxPageLength = 2048;

    public static async Task<IResult> CreateAsync(
        HttpContext http, DirectLineStore store, DirectLineTokens tokens, IOptions<DirectLineOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadObjectAsync(http.Request, RequestBody.MaxParametersBytes, required: false, cancellationToken);
        if (problem is not null)
            return problem;

        string? name = null;
        if (body?["name"] is { } nameNode && nameNode.GetValueKind() != JsonValueKind.Null)
        {
            if (nameNode.GetValueKind() != JsonValueKind.String || nameNode.GetValue<string>().Trim() is not { Length: <= InboundActivity.MaxNameLength } trimmed)
                return DirectLineProblems.BadArgument($"'name' must be a string of at most {InboundActivity.MaxNameLength} characters.");
            name = trimmed.Length == 0 ? null : trimmed;
        }

        string? page;
        if (body?["page"] is { } pageNode && pageNode.GetValueKind() != JsonValueKind.Null)
        {
            if (!TryReadPage(pageNode, out page))
                return DirectLineProblems.BadArgument($"'page' must be an absolute http(s) URL of at most {MaxPageLength} characters.");
        }
        else
        {
            // A bad Referer is the browser's doing, not the caller's: it is simply not recorded.
            var referer = http.Request.Headers[HeaderNames.Referer].ToString();
            page = IsPageUrl(referer) ? referer : null;
        }

        var settings = options.Value;
        var conversation = new DirectLineConversation(DirectLineIds.NewConversationId(), DirectLineIds.NewUserId(), name, settings.BotId, page, time.GetUtcNow());
        await store.TryCreateConversationAsync(conversation, cancellationToken);
        var token = tokens.Issue(conversation.Id, conversation.UserId, conversation.UserName, conversation.BotId);
        return TypedResults.Ok(new WebChatTokenResponse(token, conversation.Id, conversation.UserId, tokens.ExpiresInSeconds,
            DirectLineUrls.Domain(http.Request, settings.BasePath)));
    }

    private static bool TryReadPage(JsonNode node, out string? page)
    {
        page = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        return IsPageUrl(page);
    }

    private static bool IsPageUrl(string? value) =>
        value is { Length: > 0 and <= MaxPageLength }
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

internal sealed record WebChatTokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("conversationId")] string ConversationId,
    [property: JsonPropertyName("userId")] string UserId,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("domain")] string Domain);
