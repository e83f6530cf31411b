using BotHost.Admin.Editor;
using BotHost.Agents;
using BotHost.Hosting;
using BotHost.Inbox;
using Handover.Actions;
using Handover.Jobs;

namespace BotHost.Admin;

/// <summary>
/// Handover actions, durable jobs (Quartz on the product's database) and the admin surface: bot settings files over
/// HTTP and their editor page, dry runs, failures, tasks and analytics.
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
        builder.Services.AddSingleton<SettingsDrafts>();
        // Bearer tokens for scripts, the sign-in cookie for the editor page (its writes need the antiforgery header).
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(AgentTokenAuthentication.SchemeName, InboxAuthentication.CookieScheme).RequireRole(Roles.Admin));
        return builder;
    }

    public static IEndpointRouteBuilder MapHandoverAdmin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapBotSettingsApi();
        endpoints.MapDryRun();
        endpoints.MapAnalytics();
        endpoints.MapTasksApi();
        endpoints.MapBotEditor();
        return endpoints;
    }
}
