using BotHost.Agents;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace BotHost.Inbox;

/// <summary>
/// How agents in a browser are authenticated: a sign-in cookie (scheme <see cref="CookieScheme"/>), accepted by the inbox
/// pages, the inbox hub, and (beside bearer tokens) the whole agent API. Cookie requests that change something must
/// carry the antiforgery header; the cookie is SameSite=Strict as a second line.
/// </summary>
internal static class InboxAuthentication
{
    public const string CookieScheme = "AgentCookie";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>Pages and the hub: a signed-in agent or admin (cookie only: a page cannot send a bearer token).</summary>
    public const string AgentPages = "inbox-agent-pages";

    /// <summary>Admin pages: a signed-in admin.</summary>
    public const string AdminPages = "inbox-admin-pages";

    /// <summary>Admin API: an admin with the cookie or a bearer token.</summary>
    public const string AdminApi = "inbox-admin-api";

    public static void AddInboxAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "handover.agent";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnRedirectToLogin = context => Refuse(context.HttpContext, StatusCodes.Status401Unauthorized, () =>
            {
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            });
            o.Events.OnRedirectToAccessDenied = context => Refuse(context.HttpContext, StatusCodes.Status403Forbidden, () => WrongRolePage(context.HttpContext));
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "handover.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(AgentPages, p => p.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Agent, Roles.Admin))
            .AddPolicy(AdminPages, p => p.AddAuthenticationSchemes(CookieScheme).RequireRole(Roles.Admin))
            .AddPolicy(AdminApi, p => p.AddAuthenticationSchemes(AgentTokenAuthentication.SchemeName, CookieScheme).RequireRole(Roles.Admin));
        // The agent API's policy names its schemes (there is no default scheme); the signed-in browser is one more.
        services.PostConfigure<AuthorizationOptions>(o =>
        {
            var api = o.GetPolicy(Roles.AnyAgent) ?? throw new InvalidOperationException("AddInbox needs AddAgentApi first (policy 'any-agent').");
            o.AddPolicy(Roles.AnyAgent, new AuthorizationPolicyBuilder(api).AddAuthenticationSchemes(CookieScheme).Build());
        });
    }

    /// <summary>
    /// After authorization: a request that changes something and was authenticated by the cookie alone must carry the
    /// antiforgery token (a bearer token cannot be sent by another site, a cookie can). The hub is left out: it only
    /// pushes to the browser, and its handshake is checked for same origin instead.
    /// </summary>
    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsUnsafe(context.Request.Method) && SignedInByCookieOnly(context) && !context.Request.Path.StartsWithSegments(InboxHub.Path))
        {
            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = 400, Title = "The request is not valid.",
                        Detail = $"Requests signed in with the inbox cookie need the '{AntiforgeryHeader}' header from /api/inbox/session; reload the page.",
                    },
                });
                return;
            }
        }
        await next(context);
    });

    private static bool IsUnsafe(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static bool SignedInByCookieOnly(HttpContext context) =>
        context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == CookieScheme)
        && !context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == AgentTokenAuthentication.SchemeName);

    internal static bool IsApiRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments(InboxHub.Path);

    // APIs answer with a status (the status-code pages turn an empty one into problem details, and the bearer
    // handler may already have written its own); pages redirect to sign-in or explain the missing role.
    private static Task Refuse(HttpContext context, int status, Func<Task> page)
    {
        if (!IsApiRequest(context))
            return page();
        if (!context.Response.HasStarted)
            context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    private static async Task WrongRolePage(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        InboxPages.SetPageHeaders(context.Response);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(InboxPages.Render("forbidden.html", new Dictionary<string, string>()));
    }
}
