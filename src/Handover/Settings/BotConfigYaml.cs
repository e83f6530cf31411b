using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Handover.Settings;

/// <summary>Reads and writes bot files. Unknown keys are errors (a typo must not silently fall back to a default).</summary>
public static class BotConfigYaml
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    private static readonly ISerializer Writer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .Build();

    public static (BotConfig? Config, IReadOnlyList<ConfigError> Errors) Parse(string yaml)
    {
        try
        {
            return (Reader.Deserialize<BotConfig?>(yaml) ?? new BotConfig(), []);
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            return (null, [new ConfigError($"line {e.Start.Line}, column {e.Start.Column}", null, message)]);
        }
    }

    public static string Write(BotConfig config) => Writer.Serialize(config);
}
