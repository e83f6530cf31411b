using Microsoft.Extensions.Options;

namespace BotHost.Workspace;

/// <summary>Plan gating: the workspace's abilities (Workspace:*) and the filter that refuses what the plan leaves out.</summary>
internal static class WorkspaceSetup
{
    public const string HandoverNotInPlan = "Handover to human is not included in your plan";

    public static IHostApplicationBuilder AddWorkspace(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkspaceOptions>().Bind(builder.Configuration.GetSection(WorkspaceOptions.Section));
        return builder;
    }

    /// <summary>403 problem details when the plan has no "Handover to human" ability; read per request, so a reload applies at once.</summary>
    public static RouteHandlerBuilder RequireHandoverAbility(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter(async (context, next) =>
        {
            var workspace = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<WorkspaceOptions>>().CurrentValue;
            if (workspace.HandoverEnabled)
                return await next(context);
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: HandoverNotInPlan,
                detail: "Taking conversations over from the AI needs the Handover to human ability; upgrade your plan to use it.",
                extensions: new Dictionary<string, object?> { ["code"] = "plan_handover_disabled" });
        }).Produces(StatusCodes.Status403Forbidden);
}
