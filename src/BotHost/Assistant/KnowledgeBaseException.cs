namespace BotHost.Assistant;

/// <summary>A knowledge base file that cannot be used; the message names the file, the entry and what is wrong.</summary>
internal sealed class KnowledgeBaseException : Exception
{
    public KnowledgeBaseException(string message)
        : base(message)
    {
    }

    public KnowledgeBaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
