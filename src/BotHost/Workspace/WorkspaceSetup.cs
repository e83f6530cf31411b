using Handover.Settings;

namespace BotHost.Workspace;

/// <summary>
/// Plan gating over HTTP: the filter that refuses what the workspace's plan leaves out. The plan itself is
/// <see cref="WorkspaceOptions"/> (Workspace:*), read through <see cref="HandoverAbility"/> with the bots' own settings.
/// </summary>
internal static class WorkspaceSetup
{
    public const string HandoverNotInPlan = "Handover to human is not included in your plan";

    /// <summary>403 problem details when the plan has no "Handover to human" ability; read per request, so a reload applies at once.</summary>
    public static RouteHandlerBuilder RequireHandoverAbility(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.RequestServices.GetRequiredService<HandoverAbility>().InPlan)
                return await next(context);
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: HandoverNotInPlan,
                detail: "Taking conversations over from the AI needs the Handover to human ability; upgrade your plan to use it.",
                extensions: new Dictionary<string, object?> { ["code"] = "plan_handover_disabled" });
        }).Produces(StatusCodes.Status403Forbidden);
}
