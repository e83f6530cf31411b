using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Channels.BotFramework;

/// <summary>The outcome of checking an inbound activity's <c>Authorization</c> header; <see cref="Error"/> says why not.</summary>
internal sealed record AuthResult(bool Authenticated, string? Error)
{
    public static readonly AuthResult Anonymous = new(false, null);

    public static AuthResult Fail(string error) => new(false, error);

    public bool Allowed => Error is null;
}

/// <summary>
/// Checks that an activity really comes from the Bot Connector: a signed JWT (RS256/384/512 only) from the Connector's
/// published keys, its issuer, audience = our App ID, a lifetime with 5 minutes of skew, a <c>serviceurl</c> claim equal
/// to the activity's serviceUrl, and the signing key endorsing the activity's channel.
/// </summary>
internal sealed class BotAuthenticator(OpenIdKeyCache keys, IOptions<BotFrameworkOptions> options, TimeProvider time)
{
    internal static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public bool Enabled => options.Value.AuthenticationEnabled;

    public async Task<AuthResult> AuthenticateAsync(string? authorization, string? serviceUrl, string? channelId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.AuthenticationEnabled)
            return AuthResult.Anonymous;
        if (string.IsNullOrWhiteSpace(authorization))
            return AuthResult.Fail("The Authorization header is missing.");
        var parts = authorization.Split(' ');
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.Ordinal) || parts[1].Length == 0)
            return AuthResult.Fail("The Authorization header must be 'Bearer <token>'.");

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(parts[1]);
        }
        catch (ArgumentException)
        {
            return AuthResult.Fail("The token is not a JWT.");
        }
        if (token.IsEncrypted || parts[1].Split('.').Length != 3)
            return AuthResult.Fail("The token is not a signed JWT.");
        if (!Algorithms.Contains(token.Alg, StringComparer.Ordinal))
            return AuthResult.Fail($"Tokens signed with '{token.Alg}' are not accepted.");
        if (string.IsNullOrEmpty(token.Kid))
            return AuthResult.Fail("The token names no signing key.");

        SigningKey? key;
        try
        {
            key = await keys.GetAsync(token.Kid, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return AuthResult.Fail($"The Bot Connector's signing keys could not be read: {e.Message}");
        }
        if (key is null)
            return AuthResult.Fail($"The signing key '{token.Kid}' is unknown.");

        var now = time.GetUtcNow().UtcDateTime;
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.AppId,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = ClockSkew,
            // Lifetime against our TimeProvider, so tests move a clock instead of waiting.
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } exp && now <= exp.Add(ClockSkew) && (notBefore is not { } nbf || nbf.Subtract(ClockSkew) <= now),
        });
        if (!result.IsValid)
            return AuthResult.Fail($"The token is not valid: {result.Exception?.GetType().Name}.");

        var claimedServiceUrl = result.ClaimsIdentity.FindFirst("serviceurl")?.Value;
        if (string.IsNullOrEmpty(claimedServiceUrl))
            return AuthResult.Fail("The token has no serviceurl claim.");
        if (!string.Equals(claimedServiceUrl, serviceUrl, StringComparison.OrdinalIgnoreCase))
            return AuthResult.Fail("The token's serviceurl claim does not match the activity's serviceUrl.");
        if (key.Endorsements is { } endorsements && !EndorsementsValidator.Validate(channelId, endorsements))
            return AuthResult.Fail($"The signing key does not endorse channel '{channelId}'.");
        return new AuthResult(true, null);
    }
}
