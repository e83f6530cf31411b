using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Channels.DirectLine;

/// <summary>Who is calling: the secret holder (a trusted server) or a browser holding a token.</summary>
internal sealed record DirectLineCaller(DirectLineToken? Token)
{
    public static readonly DirectLineCaller Secret = new((DirectLineToken?)null);

    public bool IsSecret => Token is null;
}

/// <summary>Marks the endpoint whose credential may come in the <c>t</c> query parameter (the WebSocket stream URL).</summary>
internal sealed class TokenInQueryAllowed;

/// <summary>
/// Authenticates every Direct Line call once, for the whole route group: no or malformed credential is 401, an unknown
/// or expired one 403, and a token used on another conversation's route 403. Handlers read the
/// <see cref="DirectLineCaller"/> from the request features.
/// </summary>
internal sealed class DirectLineAuthFilter(DirectLineTokens tokens) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (credential, fromQuery) = ReadCredential(http);
        if (credential is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"directline\"";
            return DirectLineProblems.MissingAuthorization();
        }

        DirectLineCaller caller;
        if (tokens.IsSecret(credential))
        {
            if (fromQuery)
                return DirectLineProblems.SecretInUrl();
            caller = DirectLineCaller.Secret;
        }
        else
        {
            var (check, token) = await tokens.ValidateAsync(credential);
            switch (check)
            {
                case TokenCheck.Expired:
                    return DirectLineProblems.TokenExpired();
                case TokenCheck.Invalid:
                    return DirectLineProblems.InvalidCredential();
            }
            caller = new DirectLineCaller(token);
        }

        if (caller.Token is { } bound && http.Request.RouteValues.TryGetValue("conversationId", out var routeValue)
            && !string.Equals(routeValue as string, bound.ConversationId, StringComparison.Ordinal))
            return DirectLineProblems.WrongConversation();

        http.Features.Set(caller);
        return await next(context);
    }

    private static (string? Credential, bool FromQuery) ReadCredential(HttpContext http)
    {
        var header = http.Request.Headers[HeaderNames.Authorization];
        if (header.Count > 0)
        {
            var value = header.Count == 1 ? header[0] : null;
            const string scheme = "Bearer ";
            if (value is null || !value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
                return (null, false);
            var credential = value[scheme.Length..].Trim();
            return (credential.Length == 0 ? null : credential, false);
        }

        if (http.GetEndpoint()?.Metadata.GetMetadata<TokenInQueryAllowed>() is not null
            && http.Request.Query["t"] is { Count: 1 } query && !string.IsNullOrEmpty(query[0]))
            return (query[0], true);

        return (null, false);
    }
}

internal static class DirectLineCallerExtensions
{
    public static DirectLineCaller GetCaller(this HttpContext http) => http.Features.GetRequiredFeature<DirectLineCaller>();
}
