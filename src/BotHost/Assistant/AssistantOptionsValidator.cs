using System.Globalization;
using Handover.Messages;
using Microsoft.Extensions.Options;

namespace BotHost.Assistant;

/// <summary>Checks <see cref="AssistantOptions"/> at start and names every bad key with its value.</summary>
internal sealed class AssistantOptionsValidator : IValidateOptions<AssistantOptions>
{
    private const string Section = AssistantOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AssistantOptions options)
    {
        var failures = new List<string>();

        var threshold = options.ConfidenceThreshold;
        if (double.IsNaN(threshold) || threshold < 0 || threshold > 1)
            failures.Add($"{Section}:ConfidenceThreshold must be between 0 and 1 (was {threshold.ToString(CultureInfo.InvariantCulture)}).");

        if (string.IsNullOrWhiteSpace(options.UnknownAnswer))
            failures.Add($"{Section}:UnknownAnswer must not be empty: it is what the shopper reads when there is no answer.");
        else if (options.UnknownAnswer.Length > MessageLimits.MaxTextLength)
            failures.Add($"{Section}:UnknownAnswer is {options.UnknownAnswer.Length} characters; a message holds at most {MessageLimits.MaxTextLength}.");

        foreach (var (botId, path) in options.KnowledgeBases)
        {
            if (string.IsNullOrWhiteSpace(path))
                failures.Add($"{Section}:KnowledgeBases:{botId} must be the path of a knowledge base file (was empty).");
            else if (!KnowledgeBaseFile.IsSupported(path))
                failures.Add($"{Section}:KnowledgeBases:{botId} must be a .yaml, .yml or .md file (was '{path}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
