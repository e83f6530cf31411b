using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Channels.DirectLine;

/// <summary>
/// <c>POST /conversations</c> starts a conversation (201) or, with a token whose conversation already exists, answers
/// 200; with the secret it always starts a new one. <c>GET /conversations/{id}</c> is DirectLineJS's reconnect: a
/// fresh token and stream URL. Both always return a token, because DirectLineJS replaces its own with it.
/// </summary>
internal static class ConversationEndpoints
{
    public static void MapConversationEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/conversations", StartAsync);
        api.MapGet("/conversations/{conversationId}", ReconnectAsync);
    }

    private static async Task<IResult> StartAsync(
        HttpContext http, DirectLineStore store, DirectLineTokens tokens, IOptions<DirectLineOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadObjectAsync(http.Request, RequestBody.MaxParametersBytes, required: false, cancellationToken);
        if (problem is not null)
            return problem;
        var (parameters, invalid) = TokenParameters.Parse(body);
        if (invalid is not null)
            return invalid;

        // A token pins conversation and user; only the secret holder, a trusted server, may name the user.
        var now = time.GetUtcNow();
        var conversation = http.GetCaller().Token is { } token
            ? new DirectLineConversation(token.ConversationId, token.UserId, token.UserName, token.BotId, null, now)
            : new DirectLineConversation(DirectLineIds.NewConversationId(), parameters!.UserId ?? DirectLineIds.NewUserId(), parameters.UserName, options.Value.BotId, null, now);
        var created = await store.TryCreateConversationAsync(conversation, cancellationToken);

        var issued = tokens.Issue(conversation.Id, conversation.UserId, conversation.UserName, conversation.BotId);
        var basePath = options.Value.BasePath;
        var response = new ConversationResponse(conversation.Id, issued, tokens.ExpiresInSeconds,
            DirectLineUrls.Stream(http.Request, basePath, conversation.Id, issued, watermark: null));
        return created
            ? TypedResults.Created($"{http.Request.PathBase}{basePath}/conversations/{Uri.EscapeDataString(conversation.Id)}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<IResult> ReconnectAsync(
        string conversationId, HttpContext http, DirectLineStore store, DirectLineTokens tokens, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        if (!RequestBody.TryGetQuery(http.Request, "watermark", out var rawWatermark) || !DirectLineJson.TryParseWatermark(rawWatermark, out var watermark))
            return DirectLineProblems.BadArgument("'watermark' must be a single non-negative integer.");

        var conversation = await store.FindConversationAsync(conversationId, cancellationToken);
        if (conversation is null)
            return DirectLineProblems.ConversationNotFound(conversationId);

        var issued = http.GetCaller().Token is { } token
            ? tokens.Renew(token)
            : tokens.Issue(conversation.Id, conversation.UserId, conversation.UserName, conversation.BotId);
        var streamUrl = DirectLineUrls.Stream(http.Request, options.Value.BasePath, conversation.Id, issued,
            string.IsNullOrEmpty(rawWatermark) ? null : watermark);
        return TypedResults.Ok(new ConversationResponse(conversation.Id, issued, tokens.ExpiresInSeconds, streamUrl));
    }
}
