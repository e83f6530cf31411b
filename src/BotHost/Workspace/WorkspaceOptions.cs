namespace BotHost.Workspace;

/// <summary>What the workspace's plan includes (L11). Abilities default to on; a hosted offering turns them off per plan.</summary>
public sealed class WorkspaceOptions
{
    public const string Section = "Workspace";

    /// <summary>"Handover to human": agents may take conversations from the AI (Hand over, Take over).</summary>
    public bool HandoverEnabled { get; set; } = true;
}
