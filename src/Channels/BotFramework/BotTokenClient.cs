using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Channels.BotFramework;

/// <summary>
/// The bot's own access token for calls to the Connector (OAuth client credentials). Cached until 5 minutes before it
/// expires; concurrent callers share one request.
/// </summary>
internal sealed class BotTokenClient(HttpClient http, IOptions<BotFrameworkOptions> options, TimeProvider time) : IDisposable
{
    internal static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset RefreshAt)? _cached;

    /// <summary>How many tokens were requested (for tests and diagnostics).</summary>
    public int Requests;

    /// <summary>A bearer token, or null when the bot has no App ID (development: the Emulator takes unauthenticated calls).</summary>
    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.AuthenticationEnabled)
            return null;
        if (_cached is { } hit && time.GetUtcNow() < hit.RefreshAt)
            return hit.Token;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && time.GetUtcNow() < again.RefreshAt)
                return again.Token;
            Interlocked.Increment(ref Requests);
            var url = new Uri(settings.LoginUrl, $"{settings.LoginUrl.AbsolutePath.TrimEnd('/')}/{Uri.EscapeDataString(settings.TokenTenant)}/oauth2/v2.0/token");
            using var response = await http.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.AppId!,
                ["client_secret"] = settings.AppPassword ?? "",
                ["scope"] = settings.Scope,
            }), cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"The login endpoint refused the bot's credentials ({(int)response.StatusCode}).", null, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new HttpRequestException("The login endpoint sent no token.");
            var lifetime = TimeSpan.FromSeconds(Math.Max(0, body.ExpiresIn));
            _cached = (body.AccessToken, time.GetUtcNow() + lifetime - RefreshMargin);
            return body.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] long ExpiresIn);
}
