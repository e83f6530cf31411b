using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BotHost.Tests.DirectLine;

public sealed class MalformedRequestTests
{
    public static TheoryData<string, string?, string, int, string> BadPosts => new()
    {
        // name, body, content type, status, Direct Line code
        { "bad JSON", """{"type":"message",""", "application/json", 400, "BadSyntax" },
        { "not an object", """["message"]""", "application/json", 400, "BadArgument" },
        { "duplicate property", """{"type":"message","text":"a","text":"b"}""", "application/json", 400, "BadSyntax" },
        { "wrong content type", """{"type":"message","text":"hi"}""", "text/plain", 415, "UnsupportedMediaType" },
        { "form body", "type=message&text=hi", "application/x-www-form-urlencoded", 415, "UnsupportedMediaType" },
        { "empty body", null, "application/json", 400, "BadArgument" },
        { "missing type", """{"text":"hi"}""", "application/json", 400, "BadArgument" },
        { "type not a string", """{"type":7,"text":"hi"}""", "application/json", 400, "BadArgument" },
        { "unknown type", """{"type":"invoke","name":"x"}""", "application/json", 400, "BadArgument" },
        { "text not a string", """{"type":"message","text":{"a":1}}""", "application/json", 400, "BadArgument" },
        { "oversize text", $$"""{"type":"message","text":"{{new string('a', 4001)}}"}""", "application/json", 400, "MessageTooLong" },
        { "empty message", """{"type":"message","text":"  "}""", "application/json", 400, "BadArgument" },
        { "attachments", """{"type":"message","text":"see","attachments":[{"contentType":"image/png","contentUrl":"blob:x"}]}""", "application/json", 400, "AttachmentsNotSupported" },
        { "channelData not an object", """{"type":"message","text":"hi","channelData":"x"}""", "application/json", 400, "BadArgument" },
        { "clientActivityID not a string", """{"type":"message","text":"hi","channelData":{"clientActivityID":5}}""", "application/json", 400, "BadArgument" },
        { "from not an object", """{"type":"message","text":"hi","from":"me"}""", "application/json", 400, "BadArgument" },
        { "huge body", $$"""{"type":"event","name":"x","value":"{{new string('a', 70_000)}}"}""", "application/json", 413, "MessageSizeTooBig" },
    };

    [Theory]
    [MemberData(nameof(BadPosts))]
    public async Task Post_MalformedActivity_IsAProblemAndNothingIsStored(string name, string? body, string contentType, int status, string code)
    {
        Assert.NotNull(name);
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversation.Id}/activities");
        request.Headers.Authorization = new("Bearer", conversation.Token);
        request.Content = new StringContent(body ?? "", Encoding.UTF8, contentType);
        using var response = await host.Http.SendAsync(request);

        await Problems.AssertAsync(response, status, code);
        Assert.Equal(0, (await host.GetActivitiesAsync(conversation)).GetProperty("activities").GetArrayLength());
        Assert.Empty(host.Pipeline.Received);
    }

    [Fact]
    public async Task Post_WithBadCredentials_Is401Or403AndNothingIsStored()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var path = $"/v3/directline/conversations/{conversation.Id}/activities";
        const string activity = """{"type":"message","text":"hi"}""";
        var foreignKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("another-key-another-key-another-key-0123"));
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "handover-directline",
            Claims = new Dictionary<string, object> { ["conv"] = conversation.Id, ["user"] = "dl_forged", ["bot"] = "demo" },
            Expires = DirectLineHost.Start.UtcDateTime.AddHours(1),
            SigningCredentials = new SigningCredentials(foreignKey, SecurityAlgorithms.HmacSha256),
        });
        var unsigned = TokenWithoutSignature(conversation.Token);

        var cases = new (string? Authorization, int Status, string Code)[]
        {
            (null, 401, "MissingAuthorization"),
            ("Basic dXNlcjpwYXNz", 401, "MissingAuthorization"),
            ("Bearer", 401, "MissingAuthorization"),
            ("Bearer garbage", 403, "InvalidCredential"),
            ("Bearer a.b.c", 403, "InvalidCredential"),
            ($"Bearer {forged}", 403, "InvalidCredential"),
            ($"Bearer {unsigned}", 403, "InvalidCredential"),
            ($"Bearer {DirectLineHost.Secret}x", 403, "InvalidCredential"),
        };
        foreach (var (authorization, status, code) in cases)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(activity, Encoding.UTF8, "application/json") };
            if (authorization is not null)
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var response = await host.Http.SendAsync(request);
            await Problems.AssertAsync(response, status, code);
        }

        Assert.Equal(0, (await host.GetActivitiesAsync(conversation)).GetProperty("activities").GetArrayLength());
        Assert.Empty(host.Pipeline.Received);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public async Task Get_WithBadWatermark_Is400(string watermark)
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();

        using var response = await host.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation.Id}/activities?watermark={watermark}", conversation.Token);

        await Problems.AssertAsync(response, 400, "BadArgument");
    }

    [Fact]
    public async Task Start_WithMalformedBody_IsAProblem()
    {
        await using var host = await DirectLineHost.StartAsync();

        using var badJson = await host.SendAsync(HttpMethod.Post, "/v3/directline/conversations", DirectLineHost.Secret, "{user:");
        using var badUser = await host.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", DirectLineHost.Secret, """{"user":{"id":42}}""");

        await Problems.AssertAsync(badJson, 400, "BadSyntax");
        await Problems.AssertAsync(badUser, 400, "BadArgument");
    }

    // The "alg: none" trick: same claims, no signature.
    private static string TokenWithoutSignature(string token)
    {
        var parts = token.Split('.');
        var header = Convert.ToBase64String("""{"alg":"none","typ":"JWT"}"""u8.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{header}.{parts[1]}.";
    }
}
