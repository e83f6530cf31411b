using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Channels.DirectLine;

/// <summary>Reports every bad DirectLine setting by its key, so start-up stops with one clear message.</summary>
internal sealed class DirectLineOptionsValidator(IHostEnvironment environment) : IValidateOptions<DirectLineOptions>
{
    internal const int MinimumKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, DirectLineOptions options)
    {
        var errors = new List<string>();
        const string prefix = DirectLineOptions.Section;

        if (string.IsNullOrWhiteSpace(options.Secret))
        {
            if (!environment.IsDevelopment())
                errors.Add($"{prefix}:Secret is required outside Development: it is the Direct Line master key (at least {MinimumKeyLength} characters, kept server-side).");
        }
        else if (options.Secret.Length < MinimumKeyLength)
        {
            // The secret itself is never echoed into logs, only its length.
            errors.Add($"{prefix}:Secret must be at least {MinimumKeyLength} characters; the configured one has {options.Secret.Length}.");
        }

        if (options.TokenSigningKey is { } signingKey && signingKey.Length < MinimumKeyLength)
            errors.Add($"{prefix}:TokenSigningKey must be at least {MinimumKeyLength} characters when set; the configured one has {signingKey.Length}.");

        if (options.TokenLifetime < TimeSpan.FromMinutes(1) || options.TokenLifetime > TimeSpan.FromDays(1))
            errors.Add($"{prefix}:TokenLifetime must be between 00:01:00 and 1.00:00:00; got '{options.TokenLifetime}'.");

        if (string.IsNullOrWhiteSpace(options.BotId))
            errors.Add($"{prefix}:BotId must not be empty.");

        if (string.IsNullOrWhiteSpace(options.BotName))
            errors.Add($"{prefix}:BotName must not be empty.");

        if (string.IsNullOrEmpty(options.BasePath) || options.BasePath[0] != '/' || options.BasePath.EndsWith('/') || options.BasePath.Contains('?', StringComparison.Ordinal))
            errors.Add($"{prefix}:BasePath must start with '/' and not end with '/'; got '{options.BasePath}'.");

        if (options.WebChatTokenRequestsPerMinute < 1)
            errors.Add($"{prefix}:WebChatTokenRequestsPerMinute must be at least 1; got '{options.WebChatTokenRequestsPerMinute}'.");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
