using System.Net;
using System.Text.Json.Nodes;
using BotHost.Tests.Infrastructure;
using Channels.BotFramework;
using Microsoft.IdentityModel.Tokens;

namespace BotHost.Tests.Teams;

/// <summary>
/// POST /api/messages accepts only activities the Bot Connector signed for this bot, mirroring the official SDKs' cases
/// (JwtTokenValidationTests, EndorsementsValidatorTests, JwtTokenExtractorTests) with real RS256 tokens.
/// </summary>
public sealed class BotAuthenticationTests : IAsyncLifetime
{
    private FakeBotConnector _fake = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeBotConnector.StartAsync();
        _app = await TestApp.StartAsync(settings: _fake.Settings());
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private async Task<HttpStatusCode> PostAsync(string? authorization, JsonObject? activity = null)
    {
        using var client = _app.Client();
        using var response = await TeamsActivities.PostAsync(client, activity ?? TeamsActivities.ConversationUpdate(_fake), authorization);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return response.StatusCode;
    }

    [Fact]
    public async Task Post_ValidToken_Is200()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync($"Bearer {_fake.Token()}"));
    }

    [Fact]
    public async Task Post_NoAuthorizationHeader_Is401Problem()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(null));
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("Basic")]
    [InlineData("Bearer extra")]
    [InlineData("")]
    public async Task Post_WrongSchemeOrThreePartHeader_Is401(string shape)
    {
        var token = _fake.Token();
        var header = shape switch
        {
            "Bearer extra" => $"Bearer {token} extra",
            "" => token,
            _ => $"{shape} {token}",
        };
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(header));
    }

    [Fact]
    public async Task Post_WrongOrMissingAudience_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(audience: Guid.NewGuid().ToString())}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(audience: "")}"));
    }

    [Fact]
    public async Task Post_WrongIssuer_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(issuer: "https://sts.windows.net/evil/")}"));
    }

    [Fact]
    public async Task Post_ServiceUrlClaimMissingOrDifferent_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(omitServiceUrl: true)}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(serviceUrl: "https://smba.evil.example/")}"));
    }

    [Fact]
    public async Task Post_ServiceUrlClaimDiffersOnlyInCase_Is200()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync($"Bearer {_fake.Token(serviceUrl: _fake.ServiceUrl.ToUpperInvariant())}"));
    }

    [Fact]
    public async Task Post_ExpiredBeyondSkew_Is401_WithinSkew_Is200()
    {
        var now = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(notBefore: now.AddMinutes(-30), expires: now.AddMinutes(-6))}"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync($"Bearer {_fake.Token(notBefore: now.AddMinutes(-30), expires: now.AddMinutes(-4))}"));
    }

    [Fact]
    public async Task Post_NotYetValid_Is401()
    {
        var now = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(notBefore: now.AddMinutes(10), expires: now.AddHours(1))}"));
    }

    [Fact]
    public async Task Post_UnsignedOrHs256OrUnpublishedKey_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.UnsignedToken()}"));
        var hmac = new SymmetricSecurityKey(new byte[32]) { KeyId = _fake.CurrentKey.KeyId };
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(key: hmac, algorithm: SecurityAlgorithms.HmacSha256)}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(key: FakeBotConnector.UnpublishedKey(_fake.CurrentKey.KeyId!))}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("Bearer not.a.jwt"));
    }

    [Fact]
    public async Task Post_Rs512_Is200()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync($"Bearer {_fake.Token(algorithm: SecurityAlgorithms.RsaSha512)}"));
    }

    [Theory]
    [InlineData("msteams", HttpStatusCode.OK)]
    [InlineData("webchat", HttpStatusCode.Unauthorized)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task Post_KeyEndorsements_MustIncludeTheActivitysChannel(string? channelId, HttpStatusCode expected)
    {
        Assert.Equal(expected, await PostAsync($"Bearer {_fake.Token()}", TeamsActivities.ConversationUpdate(_fake, channelId)));
    }

    [Fact]
    public async Task Post_UnknownKid_RefreshesKeysOnce_ThenAcceptsTheRotatedKey()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync($"Bearer {_fake.Token()}"));
        var fetches = _fake.MetadataFetches;
        _fake.RotateKey("key-2", ["msteams"]);
        Assert.Equal(HttpStatusCode.OK, await PostAsync($"Bearer {_fake.Token()}"));
        Assert.Equal(fetches + 1, _fake.MetadataFetches);

        // Within the hour another unknown kid does not fetch again.
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync($"Bearer {_fake.Token(key: FakeBotConnector.UnpublishedKey("key-3"))}"));
        Assert.Equal(fetches + 1, _fake.MetadataFetches);
    }

    [Fact]
    public async Task Post_ColdStartBurstOf200_FetchesMetadataOnce()
    {
        var token = $"Bearer {_fake.Token()}";
        using var client = _app.Client();
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => TeamsActivities.PostAsync(client, TeamsActivities.ConversationUpdate(_fake), token)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _fake.MetadataFetches);
        foreach (var r in responses)
            r.Dispose();
    }

    [Fact]
    public async Task Post_MissingType_Is400_UnknownInvoke_Is501_UnknownFieldsAccepted()
    {
        var token = $"Bearer {_fake.Token()}";
        var noType = TeamsActivities.ConversationUpdate(_fake);
        noType.Remove("type");
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(token, noType));

        var invoke = TeamsActivities.ConversationUpdate(_fake);
        invoke["type"] = "invoke";
        invoke["name"] = "composeExtension/query";
        invoke["value"] = new JsonObject();
        Assert.Equal(HttpStatusCode.NotImplemented, await PostAsync(token, invoke));

        var odd = TeamsActivities.ConversationUpdate(_fake);
        odd["aFieldFromTheFuture"] = new JsonObject { ["x"] = new JsonArray(1, 2) };
        Assert.Equal(HttpStatusCode.OK, await PostAsync(token, odd));
    }

    // The seven cases of botbuilder-dotnet's EndorsementsValidatorTests.
    [Fact]
    public void Endorsements_NullChannelId_Passes() => Assert.True(EndorsementsValidator.Validate(null, ["right"]));

    [Fact]
    public void Endorsements_NullSet_Throws() => Assert.Throws<ArgumentNullException>(() => EndorsementsValidator.Validate("right", null!));

    [Fact]
    public void Endorsements_ChannelAgainstEmptySet_Fails() => Assert.False(EndorsementsValidator.Validate("channelOne", []));

    [Fact]
    public void Endorsements_MismatchedSet_Fails() => Assert.False(EndorsementsValidator.Validate("right", ["wrong"]));

    [Fact]
    public void Endorsements_MatchingSet_Passes() => Assert.True(EndorsementsValidator.Validate("right", ["right"]));

    [Fact]
    public void Endorsements_OneOfSeveral_Passes() => Assert.True(EndorsementsValidator.Validate("right", ["right", "wrong"]));

    [Fact]
    public void Endorsements_EmptyChannelId_Passes() => Assert.True(EndorsementsValidator.Validate("", ["right"]));
}
