using System.Collections.Concurrent;
using System.Text.Encodings.Web;

namespace BotHost.Inbox;

/// <summary>
/// The inbox's HTML pages (Inbox/Pages/*.html, embedded): sign-in, the inbox itself, the admin page. Served by
/// endpoints rather than as static files, so the authorization policy runs before any page is sent. Scripts and
/// styles are static files under /agent/ and carry no data.
/// </summary>
internal static class InboxPages
{
    /// <summary>
    /// script-src 'self': the page's modules and /lib/signalr.min.js, nothing inline; style-src 'self': one stylesheet,
    /// no style attributes; connect-src 'self': fetch and the SignalR WebSocket to the page's own host ('self' covers
    /// ws:/wss: of the same host in current browsers); form-action 'self': the sign-in form.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly ConcurrentDictionary<string, string> Templates = new();

    public static void SetPageHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    public static IResult Page(HttpContext context, string name, IReadOnlyDictionary<string, string>? values = null, int status = StatusCodes.Status200OK)
    {
        SetPageHeaders(context.Response);
        return Results.Content(Render(name, values ?? new Dictionary<string, string>()), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>The template with every {{key}} replaced by its HTML-encoded value.</summary>
    public static string Render(string name, IReadOnlyDictionary<string, string> values)
    {
        var html = Templates.GetOrAdd(name, static n =>
        {
            using var stream = typeof(InboxPages).Assembly.GetManifestResourceStream($"BotHost.Inbox.Pages.{n}")
                ?? throw new InvalidOperationException($"The page template {n} is not embedded.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });
        foreach (var (key, value) in values)
            html = html.Replace("{{" + key + "}}", HtmlEncoder.Default.Encode(value), StringComparison.Ordinal);
        return html;
    }
}
