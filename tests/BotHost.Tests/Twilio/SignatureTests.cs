using System.Text;
using System.Text.Json;
using Channels.Twilio;

namespace BotHost.Tests.Twilio;

/// <summary>Every official vector (twilio-csharp and twilio-node) in twilio-signature-vectors.json.</summary>
public class SignatureTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Twilio", "twilio-signature-vectors.json"))).RootElement;
    private static readonly string Token = Vectors.GetProperty("authToken").GetString()!;

    private static List<KeyValuePair<string, IReadOnlyList<string>>> Params(JsonElement obj) =>
        obj.EnumerateObject().Select(p => new KeyValuePair<string, IReadOnlyList<string>>(p.Name,
            p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().Select(v => v.GetString()!).ToList() : [p.Value.GetString()!])).ToList();

    public static TheoryData<int> FormVectors() => [.. Enumerable.Range(0, Vectors.GetProperty("formParamVectors").GetArrayLength())];

    public static TheoryData<int> ArrayVectors() => [.. Enumerable.Range(0, Vectors.GetProperty("arrayParamVectors_node").GetArrayLength())];

    public static TheoryData<int> JsonVectors() => [.. Enumerable.Range(0, Vectors.GetProperty("jsonBodyVectors").GetProperty("cases").GetArrayLength())];

    [Theory]
    [MemberData(nameof(FormVectors))]
    public void IsValid_FormParamVector_MatchesExpected(int index)
    {
        var v = Vectors.GetProperty("formParamVectors")[index];
        var valid = TwilioSignature.IsValid(Token, v.GetProperty("url").GetString()!, Params(Vectors.GetProperty("defaultParams")), v.GetProperty("signature").GetString());
        Assert.Equal(v.GetProperty("valid").GetBoolean(), valid);
    }

    [Theory]
    [MemberData(nameof(ArrayVectors))]
    public void IsValid_RepeatedKeyVector_MatchesExpected(int index)
    {
        var v = Vectors.GetProperty("arrayParamVectors_node")[index];
        var valid = TwilioSignature.IsValid(Token, v.GetProperty("url").GetString()!, Params(v.GetProperty("params")), v.GetProperty("signature").GetString());
        Assert.Equal(v.GetProperty("valid").GetBoolean(), valid);
    }

    [Theory]
    [MemberData(nameof(JsonVectors))]
    public void IsValidJson_BodySha256Vector_MatchesExpected(int index)
    {
        var json = Vectors.GetProperty("jsonBodyVectors");
        var v = json.GetProperty("cases")[index];
        var body = v.TryGetProperty("body", out var own) ? own.GetString()! : json.GetProperty("body").GetString()!;
        var valid = TwilioSignature.IsValidJson(Token, v.GetProperty("url").GetString()!, Encoding.UTF8.GetBytes(body), v.GetProperty("signature").GetString());
        Assert.Equal(v.GetProperty("valid").GetBoolean(), valid);
    }

    [Fact]
    public void IsValidJson_TamperedBody_IsRejected()
    {
        var v = Vectors.GetProperty("jsonBodyVectors").GetProperty("cases")[0];
        Assert.False(TwilioSignature.IsValidJson(Token, v.GetProperty("url").GetString()!, "{\"property\": \"other\"}"u8, v.GetProperty("signature").GetString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void IsValid_MissingSignature_IsRejected(string? signature) =>
        Assert.False(TwilioSignature.IsValid(Token, "https://mycompany.com/myapp.php?foo=1&bar=2", Params(Vectors.GetProperty("defaultParams")), signature));
}
