using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace BotHost.Hosting;

/// <summary>
/// Every error leaves as RFC 7807 problem details. Malformed requests (bad JSON, wrong content type, bad
/// route values) are the client's fault and get their 4xx; only a real fault is a 500.
/// </summary>
internal static class ProblemResponses
{
    public static IHostApplicationBuilder AddProblemResponses(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? c.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        return builder;
    }

    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var (status, detail) = exception switch
            {
                BadHttpRequestException bad => (bad.StatusCode, bad.InnerException is System.Text.Json.JsonException json
                    ? $"The request body is not valid JSON: {json.Message}"
                    : bad.Message),
                System.Text.Json.JsonException json => (StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {json.Message}"),
                _ => (0, null),
            };
            if (status == 0)
                return false;
            context.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = { Status = status, Title = "The request is not valid.", Detail = detail },
            });
        }
    }
}
