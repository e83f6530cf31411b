using System.Globalization;
using Microsoft.Extensions.Options;

namespace BotHost.Assistant.Llm;

/// <summary>
/// Checks <see cref="LlmOptions"/> at start and names every bad key with its value. A disabled backend is not
/// checked: half-filled settings for a backend nobody uses must not stop the host.
/// </summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public const int MaxTopK = 20;

    /// <summary>Above this the shopper has long given up; it also catches "20" read as twenty days.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    private const string Section = LlmOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        if (!options.Enabled)
            return ValidateOptionsResult.Success;

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
            failures.Add($"{Section}:BaseUrl is required when {Section}:Enabled is true (e.g. https://api.openai.com/v1).");
        else if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            failures.Add($"{Section}:BaseUrl must be an absolute http or https URL (was '{options.BaseUrl}').");

        if (string.IsNullOrWhiteSpace(options.Model))
            failures.Add($"{Section}:Model is required when {Section}:Enabled is true (the model name the endpoint expects).");
        if (string.IsNullOrWhiteSpace(options.ApiKey))
            failures.Add($"{Section}:ApiKey is required when {Section}:Enabled is true (set it in user secrets or the environment).");

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > MaxTimeout)
            failures.Add($"{Section}:Timeout must be more than 0 and at most {MaxTimeout:c}, written like 00:00:20 (was {options.Timeout.ToString("c", CultureInfo.InvariantCulture)}).");
        if (options.TopK is < 1 or > MaxTopK)
            failures.Add($"{Section}:TopK must be between 1 and {MaxTopK} (was {options.TopK}).");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
