namespace Handover.Settings;

/// <summary>One thing wrong in a bot file: where (a path such as <c>actions[2].due</c>), the bad value, and why.</summary>
public sealed record ConfigError(string Path, string? Value, string Message)
{
    public override string ToString() => Value is null ? $"{Path}: {Message}" : $"{Path}: {Message} (found '{Value}')";
}

/// <summary>What a bot file is checked against besides itself: the agents that exist and the integrations configured.</summary>
public sealed record ConfigContext(IReadOnlySet<string> KnownAgents, IntegrationsOptions Integrations);

/// <summary>Checks a <see cref="BotConfig"/> and reports every bad value by path, not just the first.</summary>
public static class BotConfigValidator
{
    public static readonly IReadOnlyList<string> ActionTypes = ["assign", "createTask", "closingMessage", "pause", "tags", "email", "ticket"];
    public static readonly IReadOnlyList<string> Helpdesks = ["gorgias", "zendesk", "intercom"];

    public static IReadOnlyList<ConfigError> Validate(BotConfig config, ConfigContext context)
    {
        var errors = new List<ConfigError>();
        if (config.Mode is not ("Automate" or "SemiAutomate"))
            errors.Add(new("mode", config.Mode, "must be Automate or SemiAutomate"));
        if (config.AfterResolve is not ("reopen" or "fresh"))
            errors.Add(new("afterResolve", config.AfterResolve, "must be reopen or fresh"));
        if (!Durations.TryParse(config.PickupTimeout, out _))
            errors.Add(new("pickupTimeout", config.PickupTimeout, "must be a duration such as 120s, 5m or 1h"));
        if (config.Triggers.FailedAttemptLimit is < 1 or > 10)
            errors.Add(new("triggers.failedAttemptLimit", config.Triggers.FailedAttemptLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be between 1 and 10"));

        for (var i = 0; i < config.Scenarios.Count; i++)
        {
            var s = config.Scenarios[i];
            if (string.IsNullOrWhiteSpace(s.Name))
                errors.Add(new($"scenarios[{i}].name", s.Name, "is required"));
            // A frustration rule stands on its own; its keywords, if any, narrow it to a topic.
            if ((s.Topic.Count == 0 && !s.Frustration) || s.Topic.Any(string.IsNullOrWhiteSpace))
                errors.Add(new($"scenarios[{i}].topic", string.Join(",", s.Topic), "needs at least one keyword, none empty"));
            if (s.AmountOver is { } amount)
            {
                if (amount.Value <= 0)
                    errors.Add(new($"scenarios[{i}].amountOver.value", amount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be greater than 0"));
                if (!Amounts.KnownCurrencies.Contains(amount.Currency))
                    errors.Add(new($"scenarios[{i}].amountOver.currency", amount.Currency, $"must be one of {string.Join(", ", Amounts.KnownCurrencies)}"));
            }
        }

        foreach (var (team, members) in config.Teams)
        {
            foreach (var member in members.Where(m => !context.KnownAgents.Contains(m)))
                errors.Add(new($"teams.{team}", member, "names an agent that does not exist"));
        }

        if (config.Actions.Count > BotConfig.MaxActions)
            errors.Add(new($"actions[{BotConfig.MaxActions}]", config.Actions[BotConfig.MaxActions].Type, $"is one action too many: a bot has at most {BotConfig.MaxActions}"));
        for (var i = 0; i < config.Actions.Count; i++)
            ValidateAction(config, config.Actions[i], $"actions[{i}]", context, errors);
        return errors;
    }

    private static void ValidateAction(BotConfig config, ActionConfig a, string path, ConfigContext context, List<ConfigError> errors)
    {
        switch (a.Type)
        {
            case "assign":
                if (a.Agent is not null && !context.KnownAgents.Contains(a.Agent))
                    errors.Add(new($"{path}.agent", a.Agent, "names an agent that does not exist"));
                if (a.Strategy is not null and not ("roundRobin" or "leastBusy"))
                    errors.Add(new($"{path}.strategy", a.Strategy, "must be roundRobin or leastBusy"));
                if (a.Capacity is < 1)
                    errors.Add(new($"{path}.capacity", a.Capacity.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be at least 1"));
                if (a.Team is not null && !config.Teams.ContainsKey(a.Team))
                    errors.Add(new($"{path}.team", a.Team, "names a team not defined under teams"));
                break;
            case "createTask":
                if (a.Due is not null && !Durations.TryParse(a.Due, out _))
                    errors.Add(new($"{path}.due", a.Due, "must be a duration such as 24h or 2d"));
                if (a.Assignee is not null && !context.KnownAgents.Contains(a.Assignee))
                    errors.Add(new($"{path}.assignee", a.Assignee, "names an agent that does not exist"));
                break;
            case "closingMessage":
                if (a.Text is { Length: > Messages.MessageLimits.MaxTextLength })
                    errors.Add(new($"{path}.text", a.Text[..40] + "...", $"is longer than {Messages.MessageLimits.MaxTextLength} characters"));
                break;
            case "pause":
                if (!Durations.TryParse(a.Duration, out _))
                    errors.Add(new($"{path}.duration", a.Duration, "must be a duration such as 30m or 2h"));
                break;
            case "tags":
                if (a.Tags is not null && (a.Tags.Count == 0 || a.Tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 50)))
                    errors.Add(new($"{path}.tags", string.Join(",", a.Tags), "needs one or more non-empty tags of at most 50 characters"));
                break;
            case "email":
                if (a.To is null || a.To.Count == 0)
                    errors.Add(new($"{path}.to", null, "needs at least one recipient"));
                foreach (var to in a.To ?? [])
                {
                    if (!EmailAddress.IsValid(to))
                        errors.Add(new($"{path}.to", to, "is not an e-mail address"));
                }
                if (string.IsNullOrWhiteSpace(context.Integrations.Smtp.Host))
                    errors.Add(new($"{path}", a.Type, "sends e-mail, but Integrations:Smtp:Host is not configured"));
                break;
            case "ticket":
                if (a.Helpdesks is null || a.Helpdesks.Count == 0)
                    errors.Add(new($"{path}.helpdesks", null, $"needs one or more of {string.Join(", ", Helpdesks)}"));
                foreach (var helpdesk in a.Helpdesks ?? [])
                {
                    if (!Helpdesks.Contains(helpdesk))
                        errors.Add(new($"{path}.helpdesks", helpdesk, $"is not one of {string.Join(", ", Helpdesks)}"));
                    else if (MissingSecret(helpdesk, context.Integrations) is { } missing)
                        errors.Add(new($"{path}.helpdesks", helpdesk, $"is used, but {missing} is not configured"));
                }
                break;
            default:
                errors.Add(new($"{path}.type", a.Type, $"is not an action type; use one of {string.Join(", ", ActionTypes)}"));
                break;
        }
    }

    private static string? MissingSecret(string helpdesk, IntegrationsOptions o) => helpdesk switch
    {
        "gorgias" when string.IsNullOrWhiteSpace(o.Gorgias.BaseUrl) => "Integrations:Gorgias:BaseUrl",
        "gorgias" when string.IsNullOrWhiteSpace(o.Gorgias.Username) || string.IsNullOrWhiteSpace(o.Gorgias.ApiKey) => "Integrations:Gorgias:Username/ApiKey",
        "zendesk" when string.IsNullOrWhiteSpace(o.Zendesk.BaseUrl) => "Integrations:Zendesk:BaseUrl",
        "zendesk" when string.IsNullOrWhiteSpace(o.Zendesk.Email) || string.IsNullOrWhiteSpace(o.Zendesk.ApiToken) => "Integrations:Zendesk:Email/ApiToken",
        "intercom" when string.IsNullOrWhiteSpace(o.Intercom.AccessToken) => "Integrations:Intercom:AccessToken",
        _ => null,
    };
}

/// <summary>A pragmatic e-mail check: one @, something before it, a dot in the domain, no spaces.</summary>
public static class EmailAddress
{
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254 || value.Any(char.IsWhiteSpace))
            return false;
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@'))
            return false;
        var domain = value[(at + 1)..];
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < domain.Length - 1;
    }
}
