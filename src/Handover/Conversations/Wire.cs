namespace Handover.Conversations;

/// <summary>How states are spelled in the database and over the API.</summary>
public static class Wire
{
    public static string Status(ConversationStatus s) => s == ConversationStatus.Open ? "open" : "resolved";

    public static ConversationStatus ParseStatus(string s) => s switch
    {
        "open" => ConversationStatus.Open,
        "resolved" => ConversationStatus.Resolved,
        _ => throw new FormatException($"Unknown status '{s}'."),
    };

    public static string Controller(Controller c) => c switch
    {
        Conversations.Controller.Ai => "ai",
        Conversations.Controller.Waiting => "waiting",
        _ => "human",
    };

    public static Controller ParseController(string s) => s switch
    {
        "ai" => Conversations.Controller.Ai,
        "waiting" => Conversations.Controller.Waiting,
        "human" => Conversations.Controller.Human,
        _ => throw new FormatException($"Unknown controller '{s}'."),
    };
}
