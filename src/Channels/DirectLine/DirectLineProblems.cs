using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Channels.DirectLine;

/// <summary>
/// Every Direct Line error is an RFC 7807 problem (<c>application/problem+json</c> with type/title/status/detail) that
/// also carries the Direct Line shape <c>"error": {"code", "message"}</c>, so HTTP tooling and Direct Line clients
/// both understand it. DirectLineJS reacts to the status: 403 means "token expired", 404 "conversation ended".
/// </summary>
internal static class DirectLineProblems
{
    public static IResult Create(int status, string code, string message) =>
        TypedResults.Problem(
            detail: message,
            statusCode: status,
            title: ReasonPhrases.GetReasonPhrase(status),
            type: TypeFor(status),
            extensions: new Dictionary<string, object?>
            {
                ["error"] = new Dictionary<string, string> { ["code"] = code, ["message"] = message },
            });

    // Spelled out because the framework's defaults know neither 413 nor 429.
    private static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        StatusCodes.Status401Unauthorized => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        StatusCodes.Status403Forbidden => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        StatusCodes.Status404NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status415UnsupportedMediaType => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => "about:blank",
    };

    public static IResult MissingAuthorization() => Create(StatusCodes.Status401Unauthorized, "MissingAuthorization",
        "Send 'Authorization: Bearer <secret-or-token>'.");

    public static IResult InvalidCredential() => Create(StatusCodes.Status403Forbidden, "InvalidCredential",
        "The secret or token is not valid.");

    public static IResult TokenExpired() => Create(StatusCodes.Status403Forbidden, "TokenExpired",
        "The token has expired; get a new one.");

    public static IResult WrongConversation() => Create(StatusCodes.Status403Forbidden, "WrongConversation",
        "The token is for another conversation.");

    public static IResult SecretRequired() => Create(StatusCodes.Status403Forbidden, "SecretRequired",
        "Only the Direct Line secret may do this; a token may not.");

    public static IResult TokenRequired() => Create(StatusCodes.Status403Forbidden, "TokenRequired",
        "Only a token may be refreshed; the secret does not expire.");

    public static IResult SecretInUrl() => Create(StatusCodes.Status403Forbidden, "SecretInUrl",
        "The secret is never accepted in a URL; use a token.");

    public static IResult ConversationNotFound(string conversationId) => Create(StatusCodes.Status404NotFound, "ConversationNotFound",
        $"Conversation '{conversationId}' does not exist.");

    public static IResult BadSyntax(string message) => Create(StatusCodes.Status400BadRequest, "BadSyntax", message);

    public static IResult BadArgument(string message) => Create(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult UnsupportedMediaType() => Create(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
        "The body must be JSON (Content-Type: application/json).");

    public static IResult TooLarge(int maxBytes) => Create(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig",
        $"The body is larger than {maxBytes} bytes.");

    public static IResult AttachmentsNotSupported() => Create(StatusCodes.Status400BadRequest, "AttachmentsNotSupported",
        "Attachments are not supported by this Direct Line server; send text.");

    public static IResult WebSocketRequired() => Create(StatusCodes.Status400BadRequest, "WebSocketRequired",
        "This is the conversation's stream: connect with a WebSocket.");

    public static IResult TooManyRequests() => Create(StatusCodes.Status429TooManyRequests, "TooManyRequests",
        "Too many token requests from this address; try again later.");
}
