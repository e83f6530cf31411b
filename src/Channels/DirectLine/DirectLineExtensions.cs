using Handover.Outbox;
using Handover.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Channels.DirectLine;

/// <summary>
/// Web chat over Direct Line 3.0. The host provides <see cref="Database"/> (and runs the <see cref="Migrator"/>),
/// an <c>IInboundPipeline</c>, and the middleware <c>UseWebSockets()</c>, <c>UseCors()</c> and <c>UseRateLimiter()</c>.
/// </summary>
public static class DirectLineExtensions
{
    internal const string CorsPolicy = "directline";

    public static IHostApplicationBuilder AddDirectLine(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DirectLineOptions>, DirectLineOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(new MigrationSource("directline", typeof(DirectLineStore).Assembly, "Channels.DirectLine.Migrations."));
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineStore>();
        services.AddSingleton<ConversationHub>();
        services.AddScoped<InboundForwarder>();
        services.AddSingleton<ForwardedMarks>();
        services.AddHostedService(provider => provider.GetRequiredService<ForwardedMarks>());
        services.AddSingleton<DirectLineSender>();
        services.AddSingleton<IChannelSender>(provider => provider.GetRequiredService<DirectLineSender>());
        services.AddSingleton<InboundRedelivery>();
        services.AddHostedService(provider => provider.GetRequiredService<InboundRedelivery>());
        services.AddHostedService<PostgresNotificationListener>();

        // Tokens travel in the Authorization header, never in cookies, so any shop origin may embed the widget.
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()));
        services.AddRateLimiter(limiter => limiter.AddPolicy<string, WebChatTokenRateLimit>(WebChatTokenRateLimit.PolicyName));
        return builder;
    }

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<DirectLineOptions>>().Value;

        var api = endpoints.MapGroup(options.BasePath)
            .RequireCors(CorsPolicy)
            .AddEndpointFilter<DirectLineAuthFilter>()
            .WithTags("Direct Line");
        api.MapTokenEndpoints();
        api.MapConversationEndpoints();
        api.MapActivityEndpoints();
        api.MapStreamEndpoint();

        endpoints.MapPost("/api/webchat/token", WebChatTokenEndpoint.CreateAsync)
            .RequireCors(CorsPolicy)
            .RequireRateLimiting(WebChatTokenRateLimit.PolicyName)
            .WithTags("Direct Line");
        return endpoints;
    }
}
