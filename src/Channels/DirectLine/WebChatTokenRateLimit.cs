using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Channels.DirectLine;

/// <summary>
/// Limits <c>POST /api/webchat/token</c> per client IP (each call creates a conversation). Rejections are this
/// feature's own 429 problem, so other rate-limited features keep theirs. Behind a proxy the host must apply
/// forwarded headers, or every shopper shares the proxy's address.
/// </summary>
internal sealed class WebChatTokenRateLimit(IOptions<DirectLineOptions> options) : IRateLimiterPolicy<string>
{
    public const string PolicyName = "directline-webchat-token";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, _) =>
    {
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            context.HttpContext.Response.Headers[HeaderNames.RetryAfter] = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await DirectLineProblems.TooManyRequests().ExecuteAsync(context.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(
            httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.Value.WebChatTokenRequestsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
}
