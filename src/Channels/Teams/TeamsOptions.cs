using Channels.BotFramework;
using Microsoft.Extensions.Options;

namespace Channels.Teams;

/// <summary>Where agents work in Microsoft Teams (configuration section "Teams").</summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>The agents' channel ("19:...@thread.skype" or "@thread.tacv2"): each handover opens a thread there with a card. Off when empty.</summary>
    public string? AgentsChannelId { get; set; }

    /// <summary>The Teams Connector for the agents' team (e.g. https://smba.trafficmanager.net/emea/), as Teams sends it on activities.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>The Microsoft 365 tenant of the agents' team; defaults to <c>BotFramework:TenantId</c>.</summary>
    public string? TenantId { get; set; }

    /// <summary>Teams users allowed to act as agents: Entra object id (<c>aadObjectId</c>) to agent id.</summary>
    public Dictionary<string, string> Agents { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many of the latest messages the handover card shows.</summary>
    public int CardMessages { get; set; } = 5;

    public bool CardsEnabled => !string.IsNullOrWhiteSpace(AgentsChannelId) && ServiceUrl is not null;

    public string? AgentFor(string? aadObjectId) =>
        aadObjectId is not null && Agents.TryGetValue(aadObjectId, out var agentId) ? agentId : null;

    public IEnumerable<string> AadObjectIdsOf(string agentId) =>
        Agents.Where(a => string.Equals(a.Value, agentId, StringComparison.Ordinal)).Select(a => a.Key);
}

internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions o)
    {
        var errors = new List<string>();
        const string p = TeamsOptions.Section;
        if (o.AgentsChannelId is { Length: > 0 } channel && !channel.StartsWith("19:", StringComparison.Ordinal))
            errors.Add($"{p}:AgentsChannelId must be a Teams channel id ('19:...@thread...'); got '{channel}'.");
        if (!string.IsNullOrWhiteSpace(o.AgentsChannelId) && o.ServiceUrl is null)
            errors.Add($"{p}:ServiceUrl is required with {p}:AgentsChannelId (the Connector the team is served by).");
        if (o.ServiceUrl is not null)
            BotFrameworkOptionsValidator.CheckEndpoint(errors, $"{p}:ServiceUrl", o.ServiceUrl);
        foreach (var (aad, agent) in o.Agents)
        {
            if (!Guid.TryParse(aad, out _))
                errors.Add($"{p}:Agents:{aad} must be keyed by an Entra object id (a GUID).");
            if (string.IsNullOrWhiteSpace(agent))
                errors.Add($"{p}:Agents:{aad} must name an agent id.");
        }
        if (o.CardMessages is < 0 or > 20)
            errors.Add($"{p}:CardMessages must be 0..20; got {o.CardMessages}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
