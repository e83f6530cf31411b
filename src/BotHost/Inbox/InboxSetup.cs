using BotHost.Inbox.Summary;
using Handover.Agents;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BotHost.Inbox;

/// <summary>
/// The agent web inbox (S4): sign-in at /login, the inbox at /inbox (list, conversation view, sidebar), the admin page
/// at /admin, the live hub at /hubs/inbox, and /api/inbox for what the pages read.
/// </summary>
internal static class InboxSetup
{
    public static IHostApplicationBuilder AddInbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddInboxAuthentication();
        builder.Services.TryAddSingleton<AgentAccounts>();
        builder.Services.AddSingleton<AgentSignIn>();
        builder.Services.TryAddSingleton<IConversationSummarizer, ExtractiveSummarizer>();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<InboxNotifier>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<InboxNotifier>());
        return builder;
    }

    /// <summary>After UseAuthorization: antiforgery for cookie requests, same-origin hub handshakes.</summary>
    public static IApplicationBuilder UseInbox(this IApplicationBuilder app)
    {
        app.UseCookieAntiforgery();
        return app.Use((context, next) =>
        {
            // WebSockets ignore the same-origin policy; the hub answers only pages of this host (SameSite=Strict is the other half).
            if (context.Request.Path.StartsWithSegments(InboxHub.Path) && context.Request.Headers.Origin is { Count: > 0 } origin
                && !string.Equals(origin.ToString(), $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }
            return next(context);
        });
    }

    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapSignIn();
        endpoints.MapInboxApi();
        endpoints.MapHub<InboxHub>(InboxHub.Path);
        // One page for the list and the conversation view; the script reads which conversation from the path.
        endpoints.MapGet("/inbox", (HttpContext context) => InboxPages.Page(context, "inbox.html"))
            .RequireAuthorization(InboxAuthentication.AgentPages).ExcludeFromDescription();
        endpoints.MapGet("/inbox/conversations/{id}", (HttpContext context) => InboxPages.Page(context, "inbox.html"))
            .RequireAuthorization(InboxAuthentication.AgentPages).ExcludeFromDescription();
        endpoints.MapGet("/admin", (HttpContext context) => InboxPages.Page(context, "admin.html"))
            .RequireAuthorization(InboxAuthentication.AdminPages).ExcludeFromDescription();
        return endpoints;
    }
}
