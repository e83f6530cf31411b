using System.Net;

namespace BotHost.Assistant.Llm;

/// <summary>
/// The chat-completions endpoint gave no usable answer: an error status (after the retry, for a transient one), a
/// timeout, no connection, or a body that is not a chat completion. The message names the endpoint and the cause.
/// </summary>
internal sealed class ChatCompletionException : Exception
{
    public ChatCompletionException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>The last HTTP status the endpoint answered with; null for a timeout or a connection failure.</summary>
    public HttpStatusCode? StatusCode { get; }
}
