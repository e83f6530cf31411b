using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Channels.Twilio;

/// <summary>
/// The two webhooks Twilio calls. Each checks <c>X-Twilio-Signature</c> against <see cref="TwilioOptions.PublicBaseUrl"/>
/// + path + query, stores the form as received (once per MessageSid), wakes the processor and answers empty TwiML at
/// once: the work happens after the answer, so Twilio never waits on the AI or the database's other work.
/// </summary>
internal static class TwilioWebhooks
{
    public const string MessagesPath = "/api/twilio/messages";
    public const string StatusPath = "/api/twilio/status";
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").WithTags("Twilio").ExcludeFromDescription();
        group.MapPost(MessagesPath, (HttpRequest request, InboundStore inbox, InboundProcessor processor, IOptions<TwilioOptions> options, TimeProvider time) =>
            AcceptAsync(request, inbox, processor, options.Value, time, InboundStore.Message));
        group.MapPost(StatusPath, (HttpRequest request, InboundStore inbox, InboundProcessor processor, IOptions<TwilioOptions> options, TimeProvider time) =>
            AcceptAsync(request, inbox, processor, options.Value, time, InboundStore.Status));
        return endpoints;
    }

    private static async Task<IResult> AcceptAsync(HttpRequest request, InboundStore inbox, InboundProcessor processor, TwilioOptions options, TimeProvider time, string kind)
    {
        if (!request.HasFormContentType)
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type", "Twilio webhooks are application/x-www-form-urlencoded.");
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var url = options.PublicBaseUrl.TrimEnd('/') + request.PathBase + request.Path + request.QueryString;
        var parameters = form.Select(f => new KeyValuePair<string, IReadOnlyList<string>>(f.Key, f.Value.Select(v => v ?? "").ToList()));
        if (!TwilioSignature.IsValid(options.AuthToken, url, parameters, request.Headers[TwilioSignature.Header]))
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", $"The {TwilioSignature.Header} header is missing or does not sign this request for {url}.");

        var sid = form["MessageSid"].ToString();
        if (sid.Length == 0)
            return Problem(StatusCodes.Status400BadRequest, "Bad Request", "MessageSid is missing.");
        var status = form["MessageStatus"].ToString();
        var (key, address) = kind == InboundStore.Status ? ($"status:{sid}:{status}", sid) : (sid, form["From"].ToString());
        if (kind == InboundStore.Message && address.Length == 0)
            return Problem(StatusCodes.Status400BadRequest, "Bad Request", "From is missing.");

        // Stored before Twilio hears back: a message it counts as delivered to us is never lost (B3).
        if (await inbox.TryInsertAsync(key, kind, address, Encode(form), time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None))
            processor.Wake();
        return Results.Text(EmptyTwiml, "text/xml");
    }

    private static string Encode(IFormCollection form) =>
        string.Join('&', form.SelectMany(f => ((StringValues)f.Value).Select(v => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(v ?? "")}")));

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
