using YamlDotNet.RepresentationModel;

namespace BotHost.Tests.Scenarios;

/// <summary>Turns a scenario's `config` overrides into the host's settings for the demo bot (Bots:demo:...).</summary>
public static class ScenarioConfig
{
    private const string Bot = "Bots:demo:";

    public static Dictionary<string, string?> Settings(Scenario scenario)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var (key, node) in scenario.Config)
        {
            switch (key)
            {
                case "offer_before_handover":
                    settings[Bot + "OfferBeforeHandover"] = Scalar(node);
                    break;
                case "failed_attempt_limit":
                    settings[Bot + "FailedAttemptLimit"] = Scalar(node);
                    break;
                case "mode":
                    settings[Bot + "Mode"] = Scalar(node).Replace("-", "", StringComparison.Ordinal);
                    break;
                case "after_resolve":
                    settings[Bot + "AfterResolve"] = Scalar(node) == "fresh" ? "FreshConversation" : "Reopen";
                    break;
                case "scenarios":
                    var i = 0;
                    foreach (var rule in ((YamlSequenceNode)node).Children.Cast<YamlMappingNode>())
                        AddRule(settings, $"{Bot}Scenarios:{i++}:", rule);
                    break;
                default:
                    throw new NotSupportedException($"Scenario '{scenario.Name}': config key '{key}' is not supported by this runner yet.");
            }
        }
        return settings;
    }

    private static void AddRule(Dictionary<string, string?> settings, string prefix, YamlMappingNode rule)
    {
        foreach (var (keyNode, value) in rule.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value;
            switch (key)
            {
                case "name": settings[prefix + "Name"] = Scalar(value); break;
                case "topic": settings[prefix + "Topic"] = Scalar(value); break;
                case "frustration": settings[prefix + "Frustration"] = Scalar(value); break;
                case "keywords":
                    var k = 0;
                    foreach (var word in ((YamlSequenceNode)value).Children)
                        settings[$"{prefix}Keywords:{k++}"] = Scalar(word);
                    break;
                case "amount_over":
                    var amount = (YamlMappingNode)value;
                    settings[prefix + "AmountOver:Value"] = Scalar(amount.Children[new YamlScalarNode("value")]);
                    settings[prefix + "AmountOver:Currency"] = Scalar(amount.Children[new YamlScalarNode("currency")]);
                    break;
                default:
                    throw new NotSupportedException($"Scenario rule key '{key}' is not supported by this runner yet.");
            }
        }
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
