namespace Handover.Conversations;

/// <summary>
/// Why a conversation was handed over (T6): the trigger ("contact_request", "lack_of_information",
/// "failed_attempts", "scenario", "agent"), the rule that fired, the words that fired it, and a confidence in [0, 1].
/// </summary>
public sealed record HandoverReason(string Trigger, string? Rule, string? Evidence, double Confidence)
{
    public static HandoverReason ByAgent(string agentId) => new(HandoverTriggers.Agent, null, $"taken over by {agentId}", 1.0);
}

public static class HandoverTriggers
{
    public const string ContactRequest = "contact_request";
    public const string LackOfInformation = "lack_of_information";
    public const string FailedAttempts = "failed_attempts";
    public const string Scenario = "scenario";
    public const string Agent = "agent";
}
