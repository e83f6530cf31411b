using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Channels.DirectLine;

/// <summary>
/// <c>POST /tokens/generate</c> (secret only): a token for a new conversation, to hand to a browser.
/// <c>POST /tokens/refresh</c> (token only): the same grant with a new expiry; DirectLineJS calls it every 15 minutes.
/// </summary>
internal static class TokenEndpoints
{
    public static void MapTokenEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/tokens/generate", GenerateAsync);
        api.MapPost("/tokens/refresh", Refresh);
    }

    private static async Task<IResult> GenerateAsync(HttpContext http, DirectLineTokens tokens, IOptions<DirectLineOptions> options, CancellationToken cancellationToken)
    {
        if (!http.GetCaller().IsSecret)
            return DirectLineProblems.SecretRequired();

        var (body, problem) = await RequestBody.ReadObjectAsync(http.Request, RequestBody.MaxParametersBytes, required: false, cancellationToken);
        if (problem is not null)
            return problem;
        var (parameters, invalid) = TokenParameters.Parse(body);
        if (invalid is not null)
            return invalid;

        // The conversation itself is created when the token first starts it (POST /conversations answers 201).
        var conversationId = DirectLineIds.NewConversationId();
        var token = tokens.Issue(conversationId, parameters!.UserId ?? DirectLineIds.NewUserId(), parameters.UserName, options.Value.BotId);
        return TypedResults.Ok(new ConversationResponse(conversationId, token, tokens.ExpiresInSeconds));
    }

    private static IResult Refresh(HttpContext http, DirectLineTokens tokens)
    {
        if (http.GetCaller().Token is not { } token)
            return DirectLineProblems.TokenRequired();

        return TypedResults.Ok(new ConversationResponse(token.ConversationId, tokens.Renew(token), tokens.ExpiresInSeconds));
    }
}
