using YamlDotNet.RepresentationModel;

namespace BotHost.Tests.Scenarios;

/// <summary>One multi-turn scenario of handover.yaml: optional config overrides and the turns with their expectations.</summary>
public sealed record Scenario(string Name, IReadOnlyDictionary<string, YamlNode> Config, IReadOnlyList<ScenarioTurn> Turns);

/// <summary>
/// A turn: exactly one of <see cref="Shopper"/> (text), <see cref="Agent"/> (action and arguments) or <see cref="Wait"/>,
/// and the expectations after it (keys as in the file: controller, status, trigger, answered, shopper_sees ...).
/// </summary>
public sealed record ScenarioTurn(string? Shopper, IReadOnlyDictionary<string, string>? Agent, TimeSpan? Wait, IReadOnlyDictionary<string, string> Expect);

/// <summary>Reads the scenario format described in the scenarios' README.</summary>
public static class ScenarioFile
{
    public static IReadOnlyList<Scenario> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
            stream.Load(reader);
        var root = (YamlSequenceNode)stream.Documents[0].RootNode;
        return root.Children.Cast<YamlMappingNode>().Select(ReadScenario).ToList();
    }

    private static Scenario ReadScenario(YamlMappingNode node)
    {
        var name = Scalar(node, "name") ?? throw new FormatException("A scenario has no name.");
        var config = node.Children.TryGetValue(new YamlScalarNode("config"), out var c)
            ? ((YamlMappingNode)c).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => kv.Value)
            : new Dictionary<string, YamlNode>();
        var turns = ((YamlSequenceNode)node.Children[new YamlScalarNode("turns")]).Children.Cast<YamlMappingNode>().Select(t => ReadTurn(name, t)).ToList();
        return new Scenario(name, config, turns);
    }

    private static ScenarioTurn ReadTurn(string scenario, YamlMappingNode node)
    {
        var expect = node.Children.TryGetValue(new YamlScalarNode("expect"), out var e)
            ? ((YamlMappingNode)e).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? "")
            : new Dictionary<string, string>();
        var agent = node.Children.TryGetValue(new YamlScalarNode("agent"), out var a)
            ? ((YamlMappingNode)a).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? "")
            : null;
        var wait = Scalar(node, "wait") is { } w ? ParseDuration(w) : (TimeSpan?)null;
        var shopper = Scalar(node, "shopper");
        if ((shopper is null ? 0 : 1) + (agent is null ? 0 : 1) + (wait is null ? 0 : 1) != 1)
            throw new FormatException($"Scenario '{scenario}': a turn needs exactly one of shopper, agent, wait.");
        return new ScenarioTurn(shopper, agent, wait, expect);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static TimeSpan ParseDuration(string text) => text.EndsWith('s')
        ? TimeSpan.FromSeconds(double.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture))
        : throw new FormatException($"Unknown duration '{text}'.");
}
