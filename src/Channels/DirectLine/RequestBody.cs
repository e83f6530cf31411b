using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Channels.DirectLine;

/// <summary>
/// Reads a JSON body by hand rather than through minimal-API binding, so that every bad body (too big, not JSON,
/// malformed) gets a Direct Line problem instead of the framework's bare 400 or an exception.
/// </summary>
internal static class RequestBody
{
    public const int MaxActivityBytes = 64 * 1024;
    public const int MaxParametersBytes = 8 * 1024;

    private static readonly JsonDocumentOptions Parsing = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    /// <summary>The body as a JSON object, or null when there is no body.</summary>
    public static async Task<(JsonObject? Body, IResult? Problem)> ReadObjectAsync(HttpRequest request, int maxBytes, bool required, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
            return (null, DirectLineProblems.TooLarge(maxBytes));

        var read = await request.BodyReader.ReadAtLeastAsync(maxBytes + 1, cancellationToken);
        var buffer = read.Buffer;
        try
        {
            if (buffer.Length > maxBytes)
                return (null, DirectLineProblems.TooLarge(maxBytes));
            if (buffer.Length == 0)
                return (null, required ? DirectLineProblems.BadArgument("A JSON body is required.") : null);
            if (!request.HasJsonContentType())
                return (null, DirectLineProblems.UnsupportedMediaType());

            JsonNode? node;
            try
            {
                node = JsonNode.Parse(buffer.ToArray(), documentOptions: Parsing);
            }
            catch (JsonException e)
            {
                return (null, DirectLineProblems.BadSyntax($"The body is not valid JSON: {e.Message}"));
            }
            return node is JsonObject body
                ? (body, null)
                : (null, DirectLineProblems.BadArgument("The body must be a JSON object."));
        }
        finally
        {
            request.BodyReader.AdvanceTo(buffer.End);
        }
    }

    /// <summary>A single-valued query parameter; repeating it is a client error.</summary>
    public static bool TryGetQuery(HttpRequest request, string name, out string? value)
    {
        var values = request.Query[name];
        value = values.Count == 1 ? values[0] : null;
        return values.Count <= 1;
    }
}
