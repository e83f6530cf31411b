using System.Text;

namespace BotHost.Admin.Editor;

/// <summary>A settings document in a request body, read as text up to a size no real bot file comes near.</summary>
internal static class DocumentBody
{
    public const int MaxChars = 256 * 1024;

    /// <summary>The body, or null when it is longer than <see cref="MaxChars"/>.</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxChars + 1];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
                break;
            length += read;
        }
        return length > MaxChars ? null : new string(buffer, 0, length);
    }

    public static bool IsJson(HttpRequest request) =>
        request.ContentType is { } type && type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);

    public static IResult TooLarge() => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "The document is too large.", detail: $"A settings document has at most {MaxChars} characters.");
}
