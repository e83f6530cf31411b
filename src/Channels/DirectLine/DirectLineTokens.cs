using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Channels.DirectLine;

/// <summary>What a Direct Line token grants: one conversation, as one user, with one bot, until it expires.</summary>
internal sealed record DirectLineToken(string ConversationId, string UserId, string? UserName, string BotId, DateTimeOffset ExpiresAt);

internal enum TokenCheck
{
    Valid,
    Expired,
    Invalid,
}

/// <summary>
/// Issues and checks self-contained HS256 JWTs. Web Chat and DirectLineJS decode the token (without verifying it) and
/// take its <c>user</c> claim as the user id they send as, so the claim names are part of the protocol.
/// </summary>
internal sealed class DirectLineTokens
{
    internal const string Issuer = "handover-directline";
    private const string ConversationClaim = "conv";
    private const string UserClaim = "user";
    private const string UserNameClaim = "name";
    private const string BotClaim = "bot";

    private readonly byte[] _secret;
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time, ILogger<DirectLineTokens> logger)
    {
        var settings = options.Value;
        _time = time;
        _lifetime = settings.TokenLifetime;

        var secret = settings.Secret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            // Only reachable in Development (the options validator refuses it elsewhere): nobody can call the
            // secret-only endpoints, and tokens do not survive a restart, which is fine for a local demo.
            secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            logger.LogWarning("DirectLine:Secret is not set; using a random secret for this process (Development only).");
        }
        _secret = Encoding.UTF8.GetBytes(secret);

        var signingKey = settings.TokenSigningKey is { Length: > 0 } configured
            ? Encoding.UTF8.GetBytes(configured)
            : HMACSHA256.HashData(_secret, "handover-directline/token-signing/v1"u8);
        var key = new SymmetricSecurityKey(signingKey);
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidIssuer = Issuer,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateAudience = false,
            // Expiry is checked against the injected TimeProvider below, not the library's wall clock.
            ValidateLifetime = false,
            RequireExpirationTime = true,
        };
    }

    /// <summary>Seconds a freshly issued token lives, as reported in <c>expires_in</c>.</summary>
    public int ExpiresInSeconds => (int)_lifetime.TotalSeconds;

    public bool IsSecret(string credential) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credential), _secret);

    public string Issue(string conversationId, string userId, string? userName, string botId)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [ConversationClaim] = conversationId,
            [UserClaim] = userId,
            [BotClaim] = botId,
        };
        if (userName is not null)
            claims[UserNameClaim] = userName;

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _lifetime,
            Claims = claims,
            SigningCredentials = _credentials,
        });
    }

    /// <summary>A new token with the same grant and a new expiry.</summary>
    public string Renew(DirectLineToken token) => Issue(token.ConversationId, token.UserId, token.UserName, token.BotId);

    public async Task<(TokenCheck Check, DirectLineToken? Token)> ValidateAsync(string credential)
    {
        if (!_handler.CanReadToken(credential))
            return (TokenCheck.Invalid, null);

        var result = await _handler.ValidateTokenAsync(credential, _validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
            return (TokenCheck.Invalid, null);

        if (!jwt.TryGetPayloadValue<string>(ConversationClaim, out var conversationId) || string.IsNullOrEmpty(conversationId)
            || !jwt.TryGetPayloadValue<string>(UserClaim, out var userId) || string.IsNullOrEmpty(userId)
            || !jwt.TryGetPayloadValue<string>(BotClaim, out var botId) || string.IsNullOrEmpty(botId))
            return (TokenCheck.Invalid, null);

        jwt.TryGetPayloadValue<string>(UserNameClaim, out var userName);
        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
        var token = new DirectLineToken(conversationId, userId, userName, botId, expiresAt);
        return expiresAt <= _time.GetUtcNow() ? (TokenCheck.Expired, token) : (TokenCheck.Valid, token);
    }
}
