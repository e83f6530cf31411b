using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Bot.Bench;

/// <summary>
/// One web chat shopper: a Direct Line conversation with its token and its WebSocket stream held open. A post is
/// registered before it is sent; the bot's replies arriving on the stream are matched to posts in order, which is exact
/// while a shopper waits for the answer before asking again (the load generator prefers idle shoppers for that).
/// </summary>
internal sealed class Shopper
{
    private readonly object _gate = new();
    private readonly Queue<Post> _pending = new();
    private readonly HashSet<string> _botActivityIds = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly ClientWebSocket _socket = new();
    private Task _receiving = Task.CompletedTask;
    private int _sequence;

    private Shopper(HttpClient http, string conversationId, string token)
    {
        _http = http;
        ConversationId = conversationId;
        Token = token;
    }

    public string ConversationId { get; }

    public string Token { get; }

    public int Accepted { get; private set; }

    public int Replies { get; private set; }

    public int DuplicateReplies { get; private set; }

    public int UnmatchedReplies { get; private set; }

    public int Outstanding
    {
        get
        {
            lock (_gate)
                return _pending.Count;
        }
    }

    /// <summary>Invoked for every reply with the post it answers and the Stopwatch timestamp it arrived at.</summary>
    public Action<Post, long>? ReplyArrived { get; set; }

    /// <summary>Invoked when the last outstanding post has its answer.</summary>
    public Action<Shopper>? BecameIdle { get; set; }

    /// <summary>Gets a token with the secret (not the rate-limited web chat endpoint), starts the conversation and opens its stream.</summary>
    public static async Task<Shopper> StartAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var generate = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate");
        generate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BenchHost.Secret);
        using var generated = await http.SendAsync(generate, cancellationToken);
        generated.EnsureSuccessStatusCode();
        var token = (await generated.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString()!;

        using var start = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var started = await http.SendAsync(start, cancellationToken);
        started.EnsureSuccessStatusCode();
        var body = await started.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var shopper = new Shopper(http, body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!);

        var streamUrl = new Uri(body.GetProperty("streamUrl").GetString()!);
        await shopper._socket.ConnectAsync(streamUrl, cancellationToken);
        shopper._receiving = shopper.ReceiveAsync();
        return shopper;
    }

    /// <summary>
    /// Posts one message. <paramref name="due"/> is when it should have been sent (a Stopwatch timestamp); latencies
    /// count from there, so a late sender counts against the host rather than hiding its backlog.
    /// </summary>
    public async Task<PostResult> PostAsync(string text, long due, bool measured, CancellationToken cancellationToken)
    {
        var post = new Post(due, measured);
        lock (_gate)
            _pending.Enqueue(post);
        var clientActivityId = $"{ConversationId}-{Interlocked.Increment(ref _sequence)}";

        using var request = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{ConversationId}/activities");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        request.Content = new ByteArrayContent(Activity(text, clientActivityId));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var accepted = response.IsSuccessStatusCode;
            if (accepted)
            {
                lock (_gate)
                    Accepted++;
            }
            return new PostResult(accepted, accepted ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        catch (HttpRequestException e)
        {
            return new PostResult(false, e.Message);
        }
    }

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bench done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }
        await _receiving;
        _socket.Dispose();
    }

    private static byte[] Activity(string text, string clientActivityId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "message");
            json.WriteStartObject("from");
            json.WriteString("id", "bench-shopper");
            json.WriteString("name", "Bench shopper");
            json.WriteEndObject();
            json.WriteString("text", text);
            json.WriteString("locale", "en-US");
            json.WriteStartObject("channelData");
            json.WriteString("clientActivityID", clientActivityId);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var frame = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                    break;
                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                    continue;
                var arrived = Stopwatch.GetTimestamp();
                if (frame.Length > 0)
                    OnFrame(frame.GetBuffer().AsSpan(0, (int)frame.Length), arrived);
                frame.SetLength(0);
            }
        }
        catch (WebSocketException)
        {
            // The host stopped or the bench closed the socket; what arrived until now is counted.
        }
    }

    private void OnFrame(ReadOnlySpan<byte> frame, long arrived)
    {
        using var document = JsonDocument.Parse(frame.ToArray());
        foreach (var activity in document.RootElement.GetProperty("activities").EnumerateArray())
        {
            if (activity.GetProperty("from").GetProperty("role").GetString() != "bot")
                continue;
            var id = activity.GetProperty("id").GetString()!;
            Post? answered = null;
            var idle = false;
            lock (_gate)
            {
                if (!_botActivityIds.Add(id))
                {
                    DuplicateReplies++;
                    continue;
                }
                Replies++;
                if (_pending.TryDequeue(out var post))
                {
                    answered = post;
                    idle = _pending.Count == 0;
                }
                else
                {
                    UnmatchedReplies++;
                }
            }
            if (answered is not null)
                ReplyArrived?.Invoke(answered, arrived);
            if (idle)
                BecameIdle?.Invoke(this);
        }
    }

    internal sealed record Post(long Due, bool Measured);

    internal sealed record PostResult(bool Accepted, string? Error);
}

internal static class ShopQuestions
{
    // From the demo shop's knowledge base, none of which asks for a person: each one gets exactly one AI answer.
    public static readonly string[] All =
    [
        "How long does standard shipping take?",
        "When will my order arrive?",
        "Do you offer express shipping?",
        "How much does shipping cost?",
        "Do you ship to Canada?",
        "Where is my order?",
        "How can I track my order?",
        "How do I change my shipping address?",
        "Can I cancel my order?",
        "What is your return policy?",
        "How do I return an item?",
        "When will I get my refund?",
        "Can I exchange an item?",
        "What payment methods do you accept?",
        "Do you accept PayPal?",
        "Can I buy a gift card?",
        "hi, do you ship to germany? and how much is it",
        "what sizes do your jeans come in",
    ];
}
