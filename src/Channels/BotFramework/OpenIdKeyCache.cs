using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Channels.BotFramework;

/// <summary>A signing key of the Bot Connector and the channels it may vouch for (null: the key lists none).</summary>
internal sealed record SigningKey(JsonWebKey Key, IReadOnlyList<string>? Endorsements);

/// <summary>
/// The Bot Connector's signing keys (OpenID metadata, then its JWKS). Fetched on first use and every
/// <see cref="BotFrameworkOptions.KeyRefreshInterval"/>; an unknown <c>kid</c> (key rotation) triggers at most one
/// refresh per <see cref="BotFrameworkOptions.UnknownKeyRefreshInterval"/>, so forged kids cannot make us hammer the
/// endpoint. Concurrent callers share one fetch: a cold start under load makes one request, not hundreds.
/// </summary>
internal sealed class OpenIdKeyCache(HttpClient http, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<OpenIdKeyCache> logger)
{
    private sealed record Snapshot(IReadOnlyDictionary<string, SigningKey> Keys, DateTimeOffset FetchedAt);

    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private Task<Snapshot>? _inFlight;
    private DateTimeOffset? _lastUnknownKeyRefresh;

    /// <summary>How many times metadata was fetched (for tests and diagnostics).</summary>
    public int MetadataFetches;

    public async Task<SigningKey?> GetAsync(string kid, CancellationToken cancellationToken)
    {
        var seen = _snapshot;
        if (seen is null || time.GetUtcNow() - seen.FetchedAt >= options.Value.KeyRefreshInterval)
            seen = await RefreshAsync(seen, cancellationToken);
        if (seen.Keys.TryGetValue(kid, out var key))
            return key;

        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_snapshot == seen && _lastUnknownKeyRefresh is { } last && now - last < options.Value.UnknownKeyRefreshInterval)
                return null;
            if (_snapshot == seen)
                _lastUnknownKeyRefresh = now;
        }
        logger.LogInformation("Bot Connector signing key {Kid} is unknown; refreshing the keys", kid);
        var fresh = await RefreshAsync(seen, cancellationToken);
        return fresh.Keys.GetValueOrDefault(kid);
    }

    /// <summary>Fetches again unless someone already replaced <paramref name="seen"/>; joins a fetch under way.</summary>
    private Task<Snapshot> RefreshAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_snapshot != seen && _snapshot is not null)
                return Task.FromResult(_snapshot);
            if (_inFlight is { } running)
                return running.WaitAsync(cancellationToken);
            var fetch = FetchAsync();
            _inFlight = fetch;
            return fetch.WaitAsync(cancellationToken);
        }
    }

    private async Task<Snapshot> FetchAsync()
    {
        try
        {
            // Not the caller's token: one caller giving up must not fail the fetch the others wait for.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            Interlocked.Increment(ref MetadataFetches);
            var metadataJson = await http.GetStringAsync(options.Value.OpenIdMetadataUrl, timeout.Token);
            var metadata = OpenIdConnectConfiguration.Create(metadataJson);
            if (string.IsNullOrEmpty(metadata.JwksUri))
                throw new InvalidOperationException($"The OpenID metadata at {options.Value.OpenIdMetadataUrl} has no jwks_uri.");
            var jwksJson = await http.GetStringAsync(new Uri(metadata.JwksUri), timeout.Token);
            var snapshot = new Snapshot(ParseKeys(jwksJson), time.GetUtcNow());
            lock (_gate)
            {
                _snapshot = snapshot;
                _inFlight = null;
            }
            return snapshot;
        }
        catch
        {
            lock (_gate)
                _inFlight = null;
            throw;
        }
    }

    internal static Dictionary<string, SigningKey> ParseKeys(string jwksJson)
    {
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwksJson);
        if (!document.RootElement.TryGetProperty("keys", out var array) || array.ValueKind != JsonValueKind.Array)
            return keys;
        foreach (var element in array.EnumerateArray())
        {
            var key = new JsonWebKey(element.GetRawText());
            if (string.IsNullOrEmpty(key.Kid))
                continue;
            List<string>? endorsements = null;
            if (element.TryGetProperty("endorsements", out var e) && e.ValueKind == JsonValueKind.Array)
                endorsements = e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList();
            keys[key.Kid] = new SigningKey(key, endorsements);
        }
        return keys;
    }
}
