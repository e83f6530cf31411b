using System.Text.Json;
using System.Text.Json.Serialization;
using Handover.Settings;

namespace BotHost.Admin.Editor;

/// <summary>
/// The settings document as the editor's form sends it: JSON with the YAML file's keys. Read as strictly as the file:
/// an unknown key, a wrong type or a null where a value is needed is an error at its path (<c>actions[2].capacity</c>),
/// so the form can show it next to the field. The values themselves are checked by <see cref="BotConfigValidator"/>.
/// </summary>
internal static class SettingsJson
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        AllowTrailingCommas = false,
    };

    public static (BotConfig? Config, IReadOnlyList<ConfigError> Errors) Read(string json)
    {
        BotConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<BotConfig>(json, Strict);
        }
        catch (JsonException e)
        {
            return (null, [new ConfigError(PathOf(e.Path), null, $"is not valid here: {FirstSentence(e.Message)}")]);
        }
        if (config is null)
            return (null, [new ConfigError("", null, "the settings document is missing (the body was null)")]);
        var empty = EmptyEntries(config);
        return empty.Count == 0 ? (config, []) : (null, empty);
    }

    // Nullable annotations do not reach list items or dictionary values; an empty entry would break every reader.
    private static List<ConfigError> EmptyEntries(BotConfig config)
    {
        var errors = new List<ConfigError>();
        for (var i = 0; i < config.Scenarios.Count; i++)
        {
            if (config.Scenarios[i] is null)
                errors.Add(new($"scenarios[{i}]", null, "is empty"));
        }
        for (var i = 0; i < config.Actions.Count; i++)
        {
            if (config.Actions[i] is null)
                errors.Add(new($"actions[{i}]", null, "is empty"));
        }
        foreach (var (team, members) in config.Teams)
        {
            if (members is null)
                errors.Add(new($"teams.{team}", null, "is empty"));
        }
        return errors;
    }

    /// <summary>"$.actions[2].capacity" as the validator writes paths: "actions[2].capacity".</summary>
    private static string PathOf(string? jsonPath) => jsonPath is null or "$" ? "" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
