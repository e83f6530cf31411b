using System.Security.Claims;
using System.Text.Encodings.Web;
using Handover.Agents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BotHost.Agents;

/// <summary>"Authorization: Bearer &lt;agent API token&gt;" -> the agent, with its role as a claim.</summary>
internal sealed class AgentTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AgentStore agents, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AgentToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
            return AuthenticateResult.Fail("The Authorization header is not 'Bearer <token>'.");

        var agent = await agents.FindByApiTokenHashAsync(ApiTokens.Hash(header[7..].Trim()), Context.RequestAborted);
        if (agent is null)
            return AuthenticateResult.Fail("The API token is not valid.");
        return AuthenticateResult.Success(new AuthenticationTicket(AgentPrincipal.For(agent, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 401, Title = "Sign in required.", Detail = "Send 'Authorization: Bearer <agent API token>'." },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 403, Title = "Not allowed.", Detail = "Your role does not allow this." },
        });
    }
}

internal static class AgentPrincipal
{
    public static ClaimsPrincipal For(Agent agent, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, agent.Id),
        new Claim(ClaimTypes.Name, agent.DisplayName),
        new Claim(ClaimTypes.Role, agent.IsAdmin ? Roles.Admin : Roles.Agent),
    ], scheme));

    public static string AgentId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not an agent principal.");
}

internal static class Roles
{
    public const string Agent = "agent";
    public const string Admin = "admin";

    /// <summary>Policy: any agent, admins included.</summary>
    public const string AnyAgent = "any-agent";
}
