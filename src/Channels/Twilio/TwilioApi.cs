using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Channels.Twilio;

/// <summary>What Twilio answered to a Messages.json POST.</summary>
internal sealed record TwilioApiResult(bool Accepted, string? Sid, string? Status, int HttpStatus, int? Code, string? Message, TimeSpan? RetryAfter)
{
    /// <summary>Twilio's error for a free-form WhatsApp message outside the 24-hour window.</summary>
    public const int OutsideWindow = 63016;

    public const int TooManyRequests = 20429;

    /// <summary>429/20429 and 5xx are worth trying again; 4xx validation errors never succeed.</summary>
    public bool IsTransient => HttpStatus is 429 or >= 500 || Code == TooManyRequests;

    public string Describe() => $"Twilio {(Code is { } c ? c.ToString(CultureInfo.InvariantCulture) : $"HTTP {HttpStatus}")}: {Message}";
}

/// <summary>The one REST call this channel makes: POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, basic auth.</summary>
internal sealed class TwilioApi(HttpClient http, IOptions<TwilioOptions> options, TimeProvider time)
{
    private readonly TwilioOptions _options = options.Value;

    public string StatusCallbackUrl => _options.PublicBaseUrl.TrimEnd('/') + TwilioWebhooks.StatusPath;

    public async Task<TwilioApiResult> SendAsync(IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var url = $"{_options.ApiBaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(_options.AccountSid)}/Messages.json";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.AccountSid}:{_options.AuthToken}")));
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        var retryAfter = response.Headers.RetryAfter is { } ra
            ? ra.Delta ?? (ra.Date is { } date ? date - time.GetUtcNow() : null)
            : null;

        JsonElement json = default;
        var parsed = false;
        try
        {
            json = JsonDocument.Parse(body).RootElement.Clone();
            parsed = json.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: classified by the HTTP status alone.
        }

        if (response.IsSuccessStatusCode && parsed && Str(json, "sid") is { } sid)
            return new TwilioApiResult(true, sid, Str(json, "status"), status, null, null, null);
        var code = parsed && json.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : (int?)null;
        var message = parsed ? Str(json, "message") : null;
        return new TwilioApiResult(false, null, null, status, code, message ?? (response.StatusCode == HttpStatusCode.OK ? "no message SID in the answer" : response.ReasonPhrase), retryAfter);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
