using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotHost.Assistant.Llm;

/// <summary>
/// An <see cref="IChatClient"/> for any OpenAI-compatible chat-completions endpoint (OpenAI, Azure OpenAI's v1 API,
/// Ollama, vLLM, LM Studio, LiteLLM ...): <c>POST {BaseUrl}/chat/completions</c> with a bearer key.
/// </summary>
/// <remarks>
/// Text messages only: tools, images and streaming throw <see cref="NotSupportedException"/>, because the answer
/// engine needs one complete JSON reply and nothing else. A transient failure (429, 408, 5xx, a timeout, no
/// connection) is retried once after a short backoff (Retry-After when the endpoint sends one, at most
/// <see cref="MaxBackoff"/>); then, or at once for any other failure, it throws <see cref="ChatCompletionException"/>.
/// Timeouts and backoff run on <see cref="TimeProvider"/>, per attempt.
/// </remarks>
internal sealed class OpenAiChatClient : IChatClient
{
    public const string HttpClientName = LlmOptions.SectionName;

    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private const int MaxAttempts = 2;
    private const int MaxErrorDetail = 300;

    private readonly IHttpClientFactory _httpClients;
    private readonly TimeProvider _time;
    private readonly ILogger<OpenAiChatClient> _logger;
    private readonly Uri _endpoint;
    private readonly string _model;
    private readonly string _apiKey;
    private readonly TimeSpan _timeout;
    private readonly ChatClientMetadata _metadata;

    public OpenAiChatClient(IHttpClientFactory httpClients, IOptions<LlmOptions> options, TimeProvider time, ILogger<OpenAiChatClient> logger)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.BaseUrl) || string.IsNullOrWhiteSpace(settings.Model) || string.IsNullOrWhiteSpace(settings.ApiKey))
            throw new InvalidOperationException($"{LlmOptions.SectionName}:BaseUrl, Model and ApiKey must be set to use the LLM backend.");
        _httpClients = httpClients;
        _time = time;
        _logger = logger;
        _endpoint = new Uri(settings.BaseUrl!.TrimEnd('/') + "/chat/completions");
        _model = settings.Model!;
        _apiKey = settings.ApiKey!;
        _timeout = settings.Timeout;
        _metadata = new ChatClientMetadata("openai-compatible", _endpoint, _model);
    }

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = JsonSerializer.SerializeToUtf8Bytes(ToWire(messages, options), ChatCompletionsJson.Default.WireRequest);
        for (var attempt = 1; ; attempt++)
        {
            var (response, failure, retryAfter) = await SendAsync(body, attempt, cancellationToken);
            if (response is not null)
                return response;
            if (attempt == MaxAttempts)
                throw failure!;

            var delay = retryAfter is { } wanted ? TimeSpan.FromTicks(Math.Clamp(wanted.Ticks, 0, MaxBackoff.Ticks)) : DefaultBackoff;
            _logger.LogWarning("Assistant:Llm: {Failure} Retrying once in {Delay}.", failure!.Message, delay);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    /// <summary>Not supported: the answer engine needs the whole reply before it can parse it.</summary>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("OpenAiChatClient does not stream; call GetResponseAsync.");

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    // The HTTP handlers belong to IHttpClientFactory; there is nothing of our own to release.
    public void Dispose()
    {
    }

    /// <summary>One attempt: a response, or the failure with whether (and after how long) to try again.</summary>
    private async Task<(ChatResponse? Response, ChatCompletionException? Failure, TimeSpan? RetryAfter)> SendAsync(
        byte[] body, int attempt, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        try
        {
            using var response = await _httpClients.CreateClient(HttpClientName).SendAsync(request, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            if (response.IsSuccessStatusCode)
                return (FromWire(text, response.StatusCode), null, null);

            var status = $"answered {(int)response.StatusCode} ({response.ReasonPhrase}){(attempt > 1 ? " again" : "")}: {ErrorDetail(text)}";
            var failure = new ChatCompletionException($"The chat-completions endpoint {_endpoint} {status}", response.StatusCode);
            if (!IsTransient(response.StatusCode))
                throw failure;
            return (null, failure, RetryAfter(response.Headers.RetryAfter));
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, new ChatCompletionException(
                $"The chat-completions endpoint {_endpoint} did not answer within {_timeout:c} ({Attempts(attempt)}).", innerException: e), null);
        }
        catch (HttpRequestException e)
        {
            return (null, new ChatCompletionException(
                $"The chat-completions endpoint {_endpoint} could not be reached ({Attempts(attempt)}): {e.Message}", e.StatusCode, e), null);
        }
    }

    private static string Attempts(int attempt) => attempt == 1 ? "1 attempt" : $"{attempt} attempts";

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };

    /// <summary>The endpoint's own error message when it sends OpenAI's error shape, else the start of the body.</summary>
    private static string ErrorDetail(string body)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, ChatCompletionsJson.Default.WireErrorBody)?.Error?.Message is { Length: > 0 } message)
                return Shorten(message);
        }
        catch (JsonException)
        {
            // Not OpenAI's error shape (a proxy's HTML page, plain text): show the body itself.
        }
        return body.Length == 0 ? "(empty body)" : Shorten(body);
    }

    private static string Shorten(string text) => text.Length <= MaxErrorDetail ? text : text[..MaxErrorDetail] + "...";

    private WireRequest ToWire(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (options?.Tools is { Count: > 0 })
            throw new NotSupportedException("OpenAiChatClient does not support tools.");

        var wire = new List<WireMessage>();
        if (!string.IsNullOrEmpty(options?.Instructions))
            wire.Add(new WireMessage(ChatRole.System.Value, options.Instructions));
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.Tool)
                throw new NotSupportedException("OpenAiChatClient does not support tool messages.");
            if (message.Contents.FirstOrDefault(c => c is not TextContent) is { } other)
                throw new NotSupportedException($"OpenAiChatClient sends text only, not {other.GetType().Name}.");
            wire.Add(new WireMessage(message.Role.Value, message.Text, message.AuthorName));
        }

        return new WireRequest(
            options?.ModelId ?? _model,
            wire,
            options?.Temperature,
            options?.MaxOutputTokens,
            options?.TopP,
            options?.FrequencyPenalty,
            options?.PresencePenalty,
            options?.Seed,
            options?.StopSequences is { Count: > 0 } stop ? [.. stop] : null,
            options?.ResponseFormat switch
            {
                ChatResponseFormatJson { Schema: { } schema } json =>
                    new WireResponseFormat("json_schema", new WireJsonSchema(json.SchemaName ?? "response", schema, json.SchemaDescription)),
                ChatResponseFormatJson => new WireResponseFormat("json_object"),
                _ => null,
            });
    }

    private ChatResponse FromWire(string body, HttpStatusCode status)
    {
        WireResponse? wire;
        try
        {
            wire = JsonSerializer.Deserialize(body, ChatCompletionsJson.Default.WireResponse);
        }
        catch (JsonException e)
        {
            throw new ChatCompletionException(
                $"The chat-completions endpoint {_endpoint} answered {(int)status} with a body that is not a chat completion: {Shorten(body)}", status, e);
        }
        if (wire?.Choices is not { Count: > 0 } choices)
            throw new ChatCompletionException($"The chat-completions endpoint {_endpoint} answered {(int)status} without choices: {Shorten(body)}", status);

        var ordered = choices.OrderBy(c => c.Index).ToList();
        var messages = ordered.Select(c => new ChatMessage(
            new ChatRole(c.Message?.Role ?? ChatRole.Assistant.Value), c.Message?.Content ?? c.Message?.Refusal ?? "")
        {
            RawRepresentation = c,
        }).ToList();
        return new ChatResponse(messages)
        {
            ResponseId = wire.Id,
            ModelId = wire.Model,
            CreatedAt = wire.Created is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            FinishReason = FinishReason(ordered[0].FinishReason),
            Usage = wire.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.PromptTokens, OutputTokenCount = usage.CompletionTokens, TotalTokenCount = usage.TotalTokens }
                : null,
            RawRepresentation = wire,
        };
    }

    private static ChatFinishReason? FinishReason(string? value) => value switch
    {
        null => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "content_filter" => ChatFinishReason.ContentFilter,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        _ => new ChatFinishReason(value),
    };
}
