using System.Globalization;
using BotHost.Agents;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace BotHost.Inbox;

/// <summary>GET/POST /login (the sign-in form, antiforgery-checked) and POST /logout.</summary>
internal static class SignInEndpoints
{
    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", async (HttpContext context, string? returnUrl, IAntiforgery antiforgery) =>
        {
            var signedIn = await context.AuthenticateAsync(InboxAuthentication.CookieScheme);
            if (signedIn.Succeeded)
                return Results.Redirect(SafeReturnUrl(returnUrl));
            return LoginForm(context, antiforgery, returnUrl, "", "", StatusCodes.Status200OK);
        }).ExcludeFromDescription();

        endpoints.MapPost("/login", async (HttpContext context, IAntiforgery antiforgery, AgentSignIn signIn, CancellationToken ct) =>
        {
            if (!context.Request.HasFormContentType)
                return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The request is not valid.", detail: "Sign in with the form at /login.");
            var form = await context.Request.ReadFormAsync(ct);
            var userName = form["username"].ToString();
            var returnUrl = form["returnUrl"].ToString();
            if (!await antiforgery.IsRequestValidAsync(context))
                return LoginForm(context, antiforgery, returnUrl, userName, "The form had expired. Please sign in again.", StatusCodes.Status400BadRequest);

            switch (await signIn.SignInAsync(userName, form["password"].ToString(), ct))
            {
                case SignInOutcome.SignedIn ok:
                    await context.SignInAsync(InboxAuthentication.CookieScheme, AgentPrincipal.For(ok.Agent, InboxAuthentication.CookieScheme));
                    return Results.Redirect(SafeReturnUrl(returnUrl));
                case SignInOutcome.LockedOut locked:
                    var minutes = Math.Max(1, (int)Math.Ceiling((locked.Until - context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).TotalMinutes));
                    context.Response.Headers.RetryAfter = (minutes * 60).ToString(CultureInfo.InvariantCulture);
                    return LoginForm(context, antiforgery, returnUrl, userName,
                        $"Too many failed attempts: this account is locked. Try again in {minutes} minute{(minutes == 1 ? "" : "s")}, or ask an admin to unlock it.",
                        StatusCodes.Status429TooManyRequests);
                default:
                    return LoginForm(context, antiforgery, returnUrl, userName, "That user name and password do not match.", StatusCodes.Status401Unauthorized);
            }
        }).ExcludeFromDescription();

        endpoints.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(InboxAuthentication.CookieScheme);
            return Results.Redirect("/login");
        }).RequireAuthorization(InboxAuthentication.AgentPages).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult LoginForm(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string userName, string error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return InboxPages.Page(context, "login.html", new Dictionary<string, string>
        {
            ["token"] = tokens.RequestToken ?? "",
            ["tokenField"] = tokens.FormFieldName,
            ["returnUrl"] = SafeReturnUrl(returnUrl),
            ["username"] = userName,
            ["error"] = error,
        }, status);
    }

    /// <summary>Only a path on this site: "//evil.example" and "/\evil.example" are other sites to a browser.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : "/inbox";
}
