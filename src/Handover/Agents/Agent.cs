namespace Handover.Agents;

public enum AgentRole
{
    Agent,
    Admin,
}

/// <summary>A person who answers shoppers. Admins are agents who may also act on others' conversations and change settings.</summary>
public sealed record Agent(string Id, string DisplayName, AgentRole Role, bool Online)
{
    public bool IsAdmin => Role == AgentRole.Admin;
}
