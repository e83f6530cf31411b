using BotHost.Agents;
using BotHost.Hosting;
using Handover.Actions;
using Handover.Jobs;

namespace BotHost.Admin;

/// <summary>
/// Handover actions, durable jobs (Quartz on the product's database) and the admin surface: bot settings files over
/// HTTP, dry runs, failures, tasks and analytics.
/// </summary>
internal static class HandoverAdminSetup
{
    public const string AdminPolicy = "admin";

    public static IHostApplicationBuilder AddHandoverActions(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Handover");
        if (string.IsNullOrWhiteSpace(connectionString))
            connectionString = StorageSetup.DefaultConnectionString;
        builder.Services.AddDurableJobs(builder.Configuration, connectionString);
        builder.Services.AddHandoverActions(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(AgentTokenAuthentication.SchemeName).RequireRole(Roles.Admin));
        return builder;
    }

    public static IEndpointRouteBuilder MapHandoverAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapBotSettingsApi();
        endpoints.MapDryRun();
        endpoints.MapAnalytics();
        endpoints.MapTasksApi();
        endpoints.MapAdminPage();
        return endpoints;
    }
}
