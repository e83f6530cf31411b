using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace BotHost.Tests.Browser;

/// <summary>
/// Just enough Direct Line 3.0 for Web Chat to connect over a WebSocket: conversations bound to tokens,
/// the echo of every posted activity (with a server id, keeping channelData.clientActivityID), and a bot
/// that answers every text message (by default "You said: ..."). It records what it receives.
/// The real server is BotHost's own; this stub only lets the page and the page-object be tested on their own.
/// </summary>
internal sealed class StubDirectLine
{
    public const string BotReplyPrefix = "You said: ";

    private readonly ConcurrentDictionary<string, StubConversation> conversations = new();
    private readonly ConcurrentDictionary<string, string> conversationByToken = new();
    private readonly List<JsonObject> received = [];
    private readonly Lock receivedGate = new();
    private readonly Func<string, JsonObject> bot;
    private readonly TimeProvider clock = TimeProvider.System;
    private TaskCompletionSource receivedMore = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="bot">The bot's reply activity to a user's text; "from", "type" and "replyToId" are filled in.</param>
    public StubDirectLine(Func<string, JsonObject>? bot = null) =>
        this.bot = bot ?? (text => new JsonObject { ["text"] = BotReplyPrefix + text });

    /// <summary>"METHOD /path" of every Direct Line request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Activities posted by the client, as received, oldest first.</summary>
    public IReadOnlyList<JsonObject> ReceivedActivities
    {
        get
        {
            lock (receivedGate)
            {
                return [.. received];
            }
        }
    }

    public int ConversationCount => conversations.Count;

    /// <summary>The first received activity that matches, as soon as the client has posted it.</summary>
    public async Task<JsonObject> WaitForReceivedAsync(Func<JsonObject, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task more;
            lock (receivedGate)
            {
                if (received.FirstOrDefault(match) is { } hit)
                {
                    return hit;
                }

                more = receivedMore.Task;
            }

            await more.WaitAsync(deadline.Token);
        }
    }

    /// <summary>What a token endpoint would do server-side: a new conversation and a token bound to it.</summary>
    public (string ConversationId, string Token) StartConversation()
    {
        var conversation = new StubConversation($"conv-{Guid.NewGuid():N}");
        conversations[conversation.Id] = conversation;
        return (conversation.Id, IssueToken(conversation.Id));
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        var directLine = routes.MapGroup("/v3/directline");
        directLine.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            Requests.Enqueue($"{request.Method} {request.Path}");
            return await next(context);
        });

        directLine.MapPost("/tokens/refresh", (HttpRequest request) =>
            Authorize(request) is { } conversation
                ? Results.Ok(ConversationResponse(request, conversation, IssueToken(conversation.Id), withStream: false))
                : Forbidden());

        directLine.MapPost("/conversations", (HttpRequest request) =>
            Authorize(request) is { } conversation
                ? Results.Ok(ConversationResponse(request, conversation, BearerToken(request)!, withStream: true))
                : Forbidden());

        directLine.MapGet("/conversations/{id}", (HttpRequest request, string id) =>
            Authorize(request, id) is { } conversation
                ? Results.Ok(ConversationResponse(request, conversation, BearerToken(request)!, withStream: true))
                : Forbidden());

        directLine.MapPost("/conversations/{id}/activities", async (HttpRequest request, string id) =>
        {
            if (Authorize(request, id) is not { } conversation)
            {
                return Forbidden();
            }

            var activity = (await request.ReadFromJsonAsync<JsonNode>())?.AsObject()
                ?? throw new InvalidOperationException("The activity body is empty.");
            Record((JsonObject)activity.DeepClone());
            var echoId = await conversation.AppendAsync(activity, clock);
            if (activity["type"]?.GetValue<string>() == "message" && activity["text"]?.GetValue<string>() is { } text)
            {
                await conversation.AppendAsync(BotActivity(bot(text), echoId), clock);
            }

            return Results.Ok(new { id = echoId });
        });

        directLine.MapGet("/conversations/{id}/activities", (HttpRequest request, string id, string? watermark) =>
            Authorize(request, id) is { } conversation
                ? Results.Text(conversation.ActivitySetAfter(watermark).ToJsonString(), "application/json")
                : Forbidden());

        directLine.Map("/conversations/{id}/stream", async (HttpContext context, string id, string? t, string? watermark) =>
        {
            if (!context.WebSockets.IsWebSocketRequest || t is null
                || !conversationByToken.TryGetValue(t, out var conversationId) || conversationId != id)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await conversations[id].StreamAsync(socket, watermark, context.RequestAborted);
        });
    }

    private void Record(JsonObject activity)
    {
        lock (receivedGate)
        {
            received.Add(activity);
            receivedMore.SetResult();
            receivedMore = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private string IssueToken(string conversationId)
    {
        var token = $"token-{Guid.NewGuid():N}";
        conversationByToken[token] = conversationId;
        return token;
    }

    private StubConversation? Authorize(HttpRequest request, string? conversationId = null) =>
        BearerToken(request) is { } token
        && conversationByToken.TryGetValue(token, out var boundTo)
        && (conversationId is null || conversationId == boundTo)
            ? conversations[boundTo]
            : null;

    private static string? BearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header["Bearer ".Length..]
            : null;

    private static IResult Forbidden() =>
        Results.Json(new { error = new { code = "TokenExpired", message = "Unknown or expired token." } }, statusCode: StatusCodes.Status403Forbidden);

    private static object ConversationResponse(HttpRequest request, StubConversation conversation, string token, bool withStream)
    {
        var watermark = request.Query["watermark"].ToString();
        var scheme = request.IsHttps ? "wss" : "ws";
        return new
        {
            conversationId = conversation.Id,
            token,
            expires_in = 1800,
            streamUrl = withStream
                ? $"{scheme}://{request.Host}/v3/directline/conversations/{conversation.Id}/stream?t={Uri.EscapeDataString(token)}&watermark={Uri.EscapeDataString(watermark)}"
                : null,
        };
    }

    private static JsonObject BotActivity(JsonObject reply, string replyToId)
    {
        reply["type"] ??= "message";
        reply["channelId"] = "webchat";
        reply["from"] = new JsonObject { ["id"] = "bot", ["name"] = "Northwind assistant", ["role"] = "bot" };
        reply["replyToId"] = replyToId;
        return reply;
    }

    private sealed class StubConversation(string id)
    {
        private readonly List<JsonObject> activities = [];
        private readonly List<Subscriber> subscribers = [];
        private readonly Lock gate = new();

        public string Id { get; } = id;

        public async Task<string> AppendAsync(JsonObject activity, TimeProvider clock)
        {
            JsonObject set;
            Subscriber[] listening;
            string activityId;
            lock (gate)
            {
                var sequence = activities.Count + 1;
                activityId = $"{Id}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}";
                activity["id"] = activityId;
                activity["timestamp"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
                activity["conversation"] = new JsonObject { ["id"] = Id };
                activities.Add(activity);
                set = ActivitySet([activity], sequence);
                listening = [.. subscribers];
            }

            foreach (var subscriber in listening)
            {
                await subscriber.SendAsync(set);
            }

            return activityId;
        }

        public JsonObject ActivitySetAfter(string? watermark)
        {
            lock (gate)
            {
                return ActivitySetAfterLocked(watermark);
            }
        }

        public async Task StreamAsync(WebSocket socket, string? watermark, CancellationToken cancellationToken)
        {
            var subscriber = new Subscriber(socket);
            JsonObject history;
            lock (gate)
            {
                history = ActivitySetAfterLocked(watermark);
                subscribers.Add(subscriber);
            }

            try
            {
                await subscriber.SendAsync(history);
                var buffer = new byte[4096];
                while (socket.State == WebSocketState.Open)
                {
                    var received = await socket.ReceiveAsync(buffer, cancellationToken);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The browser went away (page closed or reloaded).
            }
            finally
            {
                lock (gate)
                {
                    subscribers.Remove(subscriber);
                }
            }
        }

        private JsonObject ActivitySetAfterLocked(string? watermark)
        {
            var after = int.TryParse(watermark, CultureInfo.InvariantCulture, out var w) ? w : 0;
            return ActivitySet(activities.Skip(after), activities.Count);
        }

        private static JsonObject ActivitySet(IEnumerable<JsonObject> items, int watermark) => new()
        {
            ["activities"] = new JsonArray([.. items.Select(a => a.DeepClone())]),
            ["watermark"] = watermark.ToString(CultureInfo.InvariantCulture),
        };
    }

    private sealed class Subscriber(WebSocket socket)
    {
        private readonly SemaphoreSlim sending = new(1, 1);

        public async Task SendAsync(JsonObject set)
        {
            await sending.WaitAsync();
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(set.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            }
            catch (WebSocketException)
            {
                // Closed between the state check and the send; the stream loop removes it.
            }
            finally
            {
                sending.Release();
            }
        }
    }
}
