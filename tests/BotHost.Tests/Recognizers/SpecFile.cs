using System.Globalization;
using System.Text.Json;
using BotHost.Recognizers;

namespace BotHost.Tests.Recognizers;

/// <summary>
/// One Recognizers-Text spec file run the way upstream's .NET runner runs it: cases with an empty input
/// or marked NotSupported / NotSupportedByDesign for dotnet are skipped; a case passes when the result
/// count, and for every result TypeName, Text, Start/End (when the spec gives them) and the resolution
/// keys the model compares, are all equal.
/// </summary>
internal sealed class SpecFile
{
    private readonly string _model;
    private readonly string[] _resolutionKeys;

    public SpecFile(string fileName, string model, params string[] resolutionKeys)
    {
        FileName = fileName;
        _model = model;
        _resolutionKeys = resolutionKeys;
    }

    public string FileName { get; }

    public SpecRun Run()
    {
        Assert.True(RecognizerModels.TryGet(_model, out var recognize), $"no model {_model}");
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Recognizers", "Specs", FileName)));
        var run = new SpecRun(FileName);
        foreach (var specCase in document.RootElement.EnumerateArray())
        {
            var input = specCase.GetProperty("Input").GetString() ?? "";
            if (input.Length == 0 || NotForDotnet(specCase))
            {
                run.Skipped++;
                continue;
            }

            var actualJson = recognize(input);
            using var actual = JsonDocument.Parse(actualJson);
            var difference = Compare(specCase.GetProperty("Results"), actual.RootElement);
            if (difference is null)
            {
                run.Passed++;
            }
            else
            {
                run.Failures.Add($"{JsonSerializer.Serialize(input)}: {difference}\n    expected {specCase.GetProperty("Results").GetRawText().ReplaceLineEndings(" ")}\n    actual   {actualJson}");
            }
        }

        return run;
    }

    private static bool NotForDotnet(JsonElement specCase) =>
        new[] { "NotSupported", "NotSupportedByDesign" }.Any(key =>
            specCase.TryGetProperty(key, out var value) && value.GetString()!.Split(',').Any(p => p.Trim().Equals("dotnet", StringComparison.OrdinalIgnoreCase)));

    private string? Compare(JsonElement expected, JsonElement actual)
    {
        if (expected.GetArrayLength() != actual.GetArrayLength())
        {
            return $"count {actual.GetArrayLength()}, expected {expected.GetArrayLength()}";
        }

        for (var i = 0; i < expected.GetArrayLength(); i++)
        {
            var e = expected[i];
            var a = actual[i];
            foreach (var key in new[] { "TypeName", "Text" })
            {
                if (e.GetProperty(key).GetString() != a.GetProperty(key).GetString())
                {
                    return $"#{i} {key}";
                }
            }

            foreach (var key in new[] { "Start", "End" })
            {
                if (e.TryGetProperty(key, out var position) && position.ValueKind == JsonValueKind.Number && position.GetInt32() != a.GetProperty(key).GetInt32())
                {
                    return $"#{i} {key}";
                }
            }

            var expectedResolution = e.GetProperty("Resolution");
            var actualResolution = a.GetProperty("Resolution");
            foreach (var key in _resolutionKeys)
            {
                if (!expectedResolution.TryGetProperty(key, out var expectedValue))
                {
                    continue;
                }

                actualResolution.TryGetProperty(key, out var actualValue);
                if (!SameValue(expectedValue, actualValue))
                {
                    return $"#{i} Resolution.{key}";
                }
            }
        }

        return null;
    }

    // Scores are compared as numbers (the spec writes 0.4666666666666667; any representation of the same
    // double is equal); everything else by its JSON text, which is how upstream compares strings and null.
    private static bool SameValue(JsonElement expected, JsonElement actual)
    {
        if (actual.ValueKind == JsonValueKind.Undefined)
        {
            return expected.ValueKind == JsonValueKind.Null;
        }

        if (expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number)
        {
            return Math.Abs(expected.GetDouble() - actual.GetDouble()) < 1e-9;
        }

        return expected.GetRawText() == actual.GetRawText() ||
               (expected.ValueKind == JsonValueKind.String && actual.ValueKind == JsonValueKind.String && expected.GetString() == actual.GetString());
    }
}

internal sealed class SpecRun(string fileName)
{
    public int Passed { get; set; }

    public int Skipped { get; set; }

    public List<string> Failures { get; } = [];

    public int Run => Passed + Failures.Count;

    public double PassRate => Run == 0 ? 0 : (double)Passed / Run;

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"{fileName}: {Passed}/{Run} passed ({PassRate:P1}), {Skipped} skipped as upstream skips them on .NET");
}
