using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BotHost.Tests.Teams;

/// <summary>A request the fake received.</summary>
public sealed record Recorded(string Method, string Path, string? Authorization, string Body)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

/// <summary>
/// The Microsoft side of the Bot Framework on 127.0.0.1: OpenID metadata and JWKS (keys with endorsements), the login
/// endpoint that issues bot tokens, and a Teams Connector that records every call. It signs real RS256 tokens with
/// whatever claims a test chooses.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public static readonly string AppId = "6f1a7d2e-0b43-4c3a-9a57-0c8d1e2f3a4b";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (RsaSecurityKey Key, string[]? Endorsements)> _published = new();
    private int _ids;
    private int _threads;

    private FakeBotConnector(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The Connector's service URL as Teams would send it (with the trailing slash).</summary>
    public string ServiceUrl => BaseAddress.ToString();

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    /// <summary>When set, Connector calls (v3/...) answer with this status while it returns non-null.</summary>
    public Func<Recorded, int?>? Fail { get; set; }

    public RsaSecurityKey CurrentKey { get; private set; } = null!;

    public int MetadataFetches => Requests.Count(r => r.Path.EndsWith("openidconfiguration", StringComparison.Ordinal));

    public IEnumerable<Recorded> ConnectorCalls => Requests.Where(r => r.Path.StartsWith("/v3/", StringComparison.Ordinal));

    public static async Task<FakeBotConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeBotConnector? fake = null;
        app.Use(async (http, next) =>
        {
            http.Request.EnableBuffering();
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            http.Request.Body.Position = 0;
            var recorded = new Recorded(http.Request.Method, http.Request.Path.Value ?? "", http.Request.Headers.Authorization.FirstOrDefault(), body);
            fake!.Requests.Enqueue(recorded);
            if (recorded.Path.Contains("/v3/", StringComparison.Ordinal) && fake.Fail?.Invoke(recorded) is { } status)
            {
                http.Response.StatusCode = status;
                http.Response.Headers.RetryAfter = "1";
                await http.Response.WriteAsJsonAsync(new { error = new { code = "Throttled", message = "slow down" } });
                return;
            }
            await next(http);
        });
        app.MapGet("/v1/.well-known/openidconfiguration", (HttpContext http) => Results.Json(new
        {
            issuer = Issuer,
            jwks_uri = $"{fake!.BaseAddress}v1/keys",
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        app.MapGet("/v1/keys", () => Results.Content(fake!.Jwks(), "application/json"));
        app.MapPost("/{tenant}/oauth2/v2.0/token", (string tenant) =>
            Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = $"bot-token-for-{tenant}" }));
        app.MapPost("/v3/conversations", () =>
        {
            var n = Interlocked.Increment(ref fake!._threads);
            return Results.Json(new { id = $"19:agents@thread.skype;messageid={1000 + n}", activityId = $"{1000 + n}" });
        });
        app.MapPost("/hub/v3/conversations/{**rest}", () => Results.Json(new { id = "hub-1" }));
        app.MapPost("/v3/conversations/{**rest}", () => Results.Json(new { id = $"act-{Interlocked.Increment(ref fake!._ids)}" }));
        app.MapPut("/v3/conversations/{**rest}", () => Results.Json(new { id = $"upd-{Interlocked.Increment(ref fake!._ids)}" }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeBotConnector(app, new Uri(address.TrimEnd('/') + "/"));
        fake.RotateKey("key-1", ["msteams"]);
        return fake;
    }

    /// <summary>The host's settings pointing at this fake: bot identity, OpenID metadata, login and the Teams agents' channel.</summary>
    public Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BotFramework:AppId"] = AppId,
            ["BotFramework:AppPassword"] = "test-secret",
            ["BotFramework:OpenIdMetadataUrl"] = $"{BaseAddress}v1/.well-known/openidconfiguration",
            ["BotFramework:LoginUrl"] = BaseAddress.ToString(),
            ["Teams:AgentsChannelId"] = "19:agents@thread.skype",
            ["Teams:ServiceUrl"] = ServiceUrl,
            ["Teams:TenantId"] = "7a1b2c3d-0000-4000-8000-000000000001",
            [$"Teams:Agents:{TeamsUsers.Alice.Aad}"] = "alice",
            [$"Teams:Agents:{TeamsUsers.Bob.Aad}"] = "bob",
        };
        foreach (var (key, value) in more ?? [])
            settings[key] = value;
        return settings;
    }

    /// <summary>Publishes a new signing key (keeping the old ones) and signs with it from now on.</summary>
    public RsaSecurityKey RotateKey(string kid, string[]? endorsements)
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = kid };
        _published[kid] = (key, endorsements);
        CurrentKey = key;
        return key;
    }

    /// <summary>A key that signs but is not published.</summary>
    public static RsaSecurityKey UnpublishedKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public string Jwks()
    {
        var keys = new JsonArray();
        foreach (var (kid, (key, endorsements)) in _published)
        {
            var p = key.Rsa.ExportParameters(false);
            var jwk = new JsonObject
            {
                ["kty"] = "RSA", ["use"] = "sig", ["kid"] = kid,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            };
            if (endorsements is not null)
                jwk["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode)e).ToArray());
            keys.Add(jwk);
        }
        return new JsonObject { ["keys"] = keys }.ToJsonString();
    }

    /// <summary>A Bot Connector token; every part may be changed (null claims are left out).</summary>
    public string Token(
        string? serviceUrl = null, string? audience = null, string issuer = Issuer, SecurityKey? key = null, string algorithm = SecurityAlgorithms.RsaSha256,
        DateTime? notBefore = null, DateTime? expires = null, bool omitServiceUrl = false)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>();
        if (!omitServiceUrl)
            claims["serviceurl"] = serviceUrl ?? ServiceUrl;
        var nbf = notBefore ?? now.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience ?? AppId,
            Claims = claims,
            NotBefore = nbf,
            IssuedAt = nbf,
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(key ?? CurrentKey, algorithm),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public string UnsignedToken()
    {
        static string Part(object o) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(o)));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"{Part(new { alg = "none", typ = "JWT", kid = CurrentKey.KeyId })}.{Part(new { iss = Issuer, aud = AppId, serviceurl = ServiceUrl, nbf = now - 60, exp = now + 3600 })}.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Teams users of the tests, by Entra object id.</summary>
public sealed record TeamsUser(string TeamsId, string Aad, string Name)
{
    public static readonly TeamsUser Alice = new("29:alice", "a11ce000-0000-4000-8000-000000000001", "Alice");
    public static readonly TeamsUser Bob = new("29:bob", "b0b00000-0000-4000-8000-000000000002", "Bob");
    public static readonly TeamsUser Stranger = new("29:eve", "e7e00000-0000-4000-8000-000000000003", "Eve");
}

public static class TeamsUsers
{
    public static TeamsUser Alice => TeamsUser.Alice;
    public static TeamsUser Bob => TeamsUser.Bob;
}
