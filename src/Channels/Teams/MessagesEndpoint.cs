using System.Text.Json;
using Channels.BotFramework;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Channels.Teams;

/// <summary>
/// <c>POST /api/messages</c>: the Bot Connector's webhook. Unauthenticated requests get 401 before anything is read
/// into the core; an activity without a type is 400; invokes get their invoke response (501 when nobody handles them);
/// everything else 200 with no body. Slow work (posting to Teams) happens afterwards, never inside the request.
/// </summary>
internal static class MessagesEndpoint
{
    private const int MaxBodyBytes = 256 * 1024;

    public static void MapMessagesEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/messages", HandleAsync).WithTags("Teams").DisableAntiforgery();

    private static async Task<IResult> HandleAsync(
        HttpContext http, BotAuthenticator authenticator, TeamsStore store, TeamsActivityHandler handler, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Channels.Teams.Messages");
        var authorization = http.Request.Headers.Authorization.ToString();

        Activity? activity;
        try
        {
            if (http.Request.ContentLength > MaxBodyBytes)
                return Problem(StatusCodes.Status413PayloadTooLarge, "The activity is too large.");
            activity = await JsonSerializer.DeserializeAsync<Activity>(http.Request.Body, BotJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            // An anonymous caller learns no more than a 401 would tell it.
            return authenticator.Enabled && string.IsNullOrWhiteSpace(authorization)
                ? Unauthorized(logger, "The Authorization header is missing.")
                : Problem(StatusCodes.Status400BadRequest, $"The body is not a JSON activity: {e.Message}");
        }

        var auth = await authenticator.AuthenticateAsync(authorization, activity?.ServiceUrl, activity?.ChannelId, cancellationToken);
        if (!auth.Allowed)
            return Unauthorized(logger, auth.Error!);
        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
            return Problem(StatusCodes.Status400BadRequest, "The activity has no type.");

        if (activity.ServiceUrl is { Length: > 0 } serviceUrl && (auth.Authenticated || IsLoopback(serviceUrl)))
            await store.RememberServiceUrlAsync(serviceUrl, cancellationToken);
        if (activity.From is { Id: { } teamsId, AadObjectId: { } aad } from)
            await store.RememberUserAsync(teamsId, aad, from.Name, cancellationToken);

        var invokeResponse = await handler.HandleAsync(activity, cancellationToken);
        if (invokeResponse is null)
            return TypedResults.Ok();
        return invokeResponse.Body is null
            ? TypedResults.StatusCode(invokeResponse.Status)
            : TypedResults.Json(invokeResponse.Body, BotJson.Options, statusCode: invokeResponse.Status);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Unauthorized(ILogger logger, string reason)
    {
        logger.LogWarning("Refused an activity on /api/messages: {Reason}", reason);
        return Problem(StatusCodes.Status401Unauthorized, "The request is not authenticated by the Bot Connector.");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status);

    // Without an App ID (development), only a local Emulator's service URL may be called back.
    private static bool IsLoopback(string serviceUrl) => Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
