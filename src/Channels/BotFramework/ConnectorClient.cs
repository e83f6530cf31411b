using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Channels.BotFramework;

/// <summary>What the Connector answered: success with the ids it gave, or the failure and whether it is worth retrying.</summary>
internal sealed record ConnectorResponse(HttpStatusCode Status, string? Id, string? ActivityId, string? Error, TimeSpan? RetryAfter)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    /// <summary>Throttled (429), conflict on the thread (412) or a gateway failure (502/504), or no answer at all.</summary>
    public bool Transient => Status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
        or HttpStatusCode.GatewayTimeout or HttpStatusCode.ServiceUnavailable or HttpStatusCode.InternalServerError or 0;
}

/// <summary>Says whether the bot may call a Connector at this service URL (learned from authenticated activities or configured).</summary>
internal interface IServiceUrlTrust
{
    Task<bool> IsTrustedAsync(string serviceUrl, CancellationToken cancellationToken);
}

/// <summary>
/// The Bot Connector REST API (v3), relative to a conversation's serviceUrl: send, reply, update in place and create
/// a conversation. Refuses service URLs that never reached us on an authenticated activity.
/// </summary>
internal sealed class ConnectorClient(HttpClient http, BotTokenClient tokens, IServiceUrlTrust trust)
{
    public Task<ConnectorResponse> SendAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", activity, cancellationToken);

    public Task<ConnectorResponse> ReplyAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);

    public Task<ConnectorResponse> UpdateAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);

    /// <summary>Creates a conversation; in Teams, with a channel in channelData, a new thread in that channel.</summary>
    public Task<ConnectorResponse> CreateConversationAsync(string serviceUrl, object parameters, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, cancellationToken);

    private async Task<ConnectorResponse> CallAsync(HttpMethod method, string serviceUrl, string path, object body, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/", UriKind.Absolute, out var baseUri)
            || !await trust.IsTrustedAsync(serviceUrl, cancellationToken))
            return new ConnectorResponse(HttpStatusCode.Forbidden, null, null, $"The service URL '{serviceUrl}' never reached the bot on an authenticated activity.", null);

        using var request = new HttpRequestMessage(method, new Uri(baseUri, path))
        {
            Content = JsonContent.Create(body, body.GetType(), options: BotJson.Options),
        };
        if (await tokens.GetTokenAsync(cancellationToken) is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return new ConnectorResponse(0, null, null, e.Message, null);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new ConnectorResponse(HttpStatusCode.GatewayTimeout, null, null, $"The Connector did not answer in time: {e.Message}", null);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var retryAfter = response.Headers.RetryAfter is { } ra
                ? ra.Delta ?? (ra.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                : null;
            if (!response.IsSuccessStatusCode)
                return new ConnectorResponse(response.StatusCode, null, null, ErrorOf(response.StatusCode, text), retryAfter);
            var (id, activityId) = IdsOf(text);
            return new ConnectorResponse(response.StatusCode, id, activityId, null, null);
        }
    }

    private static (string? Id, string? ActivityId) IdsOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return (Str(root, "id"), Str(root, "activityId"));
        }
        catch (JsonException)
        {
            return (null, null);
        }

        static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    private static string ErrorOf(HttpStatusCode status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                return $"{(int)status} {error.GetProperty("code").GetString()}: {error.GetProperty("message").GetString()}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not the documented error shape: report the status alone.
        }
        return $"{(int)status} from the Connector";
    }
}
