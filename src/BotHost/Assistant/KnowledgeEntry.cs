namespace BotHost.Assistant;

/// <summary>
/// One answer of a knowledge base with the ways shoppers ask for it. <see cref="Answer"/> is sent as written
/// (Markdown allowed); <see cref="Keywords"/> only help finding the entry.
/// </summary>
internal sealed record KnowledgeEntry(string Id, IReadOnlyList<string> Questions, string Answer, IReadOnlyList<string> Keywords);
