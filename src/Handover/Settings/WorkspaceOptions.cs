namespace Handover.Settings;

/// <summary>
/// What the workspace's plan includes (section "Workspace", host configuration: set by whoever runs or sells the
/// product, never in the bot files the shop's admin edits). Abilities default to on; a hosted offering turns them off
/// per plan. Read through <see cref="HandoverAbility"/>.
/// </summary>
public sealed class WorkspaceOptions
{
    public const string Section = "Workspace";

    /// <summary>
    /// L11, "Handover to human": conversations may be handed to people at all. Off: agents cannot hand over or take
    /// over (403, a lock in the inbox) and no bot hands over by itself, whatever its <c>abilities.handover</c>.
    /// </summary>
    public bool PlanIncludesHandover { get; set; } = true;
}
