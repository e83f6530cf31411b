using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using BotHost.Cli;
using Testing;

namespace BotHost.Tests.Teams;

/// <summary>S6: <c>teams-package</c> writes a sideloadable app that the official manifest schema accepts.</summary>
public sealed class TeamsPackageTests
{
    private const string BotId = "6f1a7d2e-0b43-4c3a-9a57-0c8d1e2f3a4b";

    [Fact]
    public async Task TeamsPackage_WritesManifestAndIcons_ValidAgainstTheOfficialSchema()
    {
        using var folder = new TempDirectory();
        var zipPath = Path.Combine(folder.Path, "app.zip");
        var exit = await CliVerbs.TryRunAsync(["teams-package", "--bot-id", BotId, "--out", zipPath, "--domain", "bot.example.com"], TextReader.Null, TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, exit);

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());

        using var manifest = await JsonDocument.ParseAsync(zip.GetEntry("manifest.json")!.Open());
        var m = manifest.RootElement;
        Assert.Equal(BotId, m.GetProperty("id").GetString());
        Assert.Equal(BotId, m.GetProperty("bots")[0].GetProperty("botId").GetString());
        Assert.Equal(["team", "personal"], m.GetProperty("bots")[0].GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("bot.example.com", m.GetProperty("validDomains")[0].GetString());

        using var schema = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Teams", "Fixtures", "MicrosoftTeams.schema.v1.19.json")));
        Assert.Empty(new DraftFourValidator(schema.RootElement).Validate(m));

        Assert.Equal((192, 192), PngSize(zip.GetEntry("color.png")!));
        Assert.Equal((32, 32), PngSize(zip.GetEntry("outline.png")!));
    }

    [Fact]
    public void SchemaValidator_CatchesWhatTheSchemaForbids()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Teams", "Fixtures", "MicrosoftTeams.schema.v1.19.json")));
        using var bad = JsonDocument.Parse("""{"manifestVersion":"1.19","version":"x","id":"not-a-guid","unknown":1}""");
        var errors = new DraftFourValidator(schema.RootElement).Validate(bad.RootElement);
        Assert.Contains(errors, e => e.Contains("'unknown' is not allowed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'developer' is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.id", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--bot-id", "nope", "--out", "x.zip")]
    [InlineData("--bot-id", BotId)]
    [InlineData("--bot-id", BotId, "--out", "x.zip", "--domain", "bad host/")]
    [InlineData("--what")]
    public async Task TeamsPackage_BadArguments_FailWithAMessage(params string[] args)
    {
        using var error = new StringWriter();
        var exit = await CliVerbs.TryRunAsync(["teams-package", .. args], TextReader.Null, TextWriter.Null, error);
        Assert.NotEqual(0, exit);
        Assert.NotEmpty(error.ToString());
    }

    [Fact]
    public async Task NoVerb_StartsTheHost() => Assert.Null(await CliVerbs.TryRunAsync(["--urls", "http://127.0.0.1:0"]));

    /// <summary>Width and height from the PNG's IHDR chunk (right after the 8-byte signature and the chunk header).</summary>
    private static (int Width, int Height) PngSize(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(header, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }
}
