using System.Net;
using System.Security.Claims;
using System.Text.Json;
using BotHost.Inbox;
using BotHost.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotHost.Tests.Inbox;

public class InboxAuthTests
{
    private enum Kind
    {
        Page,
        Api,
    }

    private enum Role
    {
        Agent,
        Admin,
    }

    /// <summary>Every route agents or admins use: method, route template, a concrete path, page or API, the least role.</summary>
    private static readonly (string Method, string Template, string Path, Kind Kind, Role Role)[] Routes =
    [
        ("GET", "/inbox", "/inbox", Kind.Page, Role.Agent),
        ("GET", "/inbox/conversations/{id}", "/inbox/conversations/x", Kind.Page, Role.Agent),
        ("GET", "/admin", "/admin", Kind.Page, Role.Admin),
        ("POST", "/logout", "/logout", Kind.Page, Role.Agent),
        ("GET", "/api/inbox/session", "/api/inbox/session", Kind.Api, Role.Agent),
        ("GET", "/api/inbox/conversations", "/api/inbox/conversations", Kind.Api, Role.Agent),
        ("GET", "/api/inbox/conversations/{id}", "/api/inbox/conversations/x", Kind.Api, Role.Agent),
        ("PUT", "/api/inbox/me/presence", "/api/inbox/me/presence", Kind.Api, Role.Agent),
        ("GET", "/api/inbox/me/preferences", "/api/inbox/me/preferences", Kind.Api, Role.Agent),
        ("PUT", "/api/inbox/me/preferences", "/api/inbox/me/preferences", Kind.Api, Role.Agent),
        ("GET", "/api/inbox/admin/agents", "/api/inbox/admin/agents", Kind.Api, Role.Admin),
        ("POST", "/api/inbox/admin/agents/{id}/unlock", "/api/inbox/admin/agents/alice/unlock", Kind.Api, Role.Admin),
        ("GET", "/api/conversations/", "/api/conversations", Kind.Api, Role.Agent),
        ("GET", "/api/conversations/{id}", "/api/conversations/x", Kind.Api, Role.Agent),
        ("POST", "/api/conversations/{id}/hand-over", "/api/conversations/x/hand-over", Kind.Api, Role.Agent),
        ("POST", "/api/conversations/{id}/claim", "/api/conversations/x/claim", Kind.Api, Role.Agent),
        ("POST", "/api/conversations/{id}/give-back", "/api/conversations/x/give-back", Kind.Api, Role.Agent),
        ("POST", "/api/conversations/{id}/resolve", "/api/conversations/x/resolve", Kind.Api, Role.Agent),
        ("POST", "/api/conversations/{id}/messages", "/api/conversations/x/messages", Kind.Api, Role.Agent),
        ("POST", "/api/conversations/{id}/transfer", "/api/conversations/x/transfer", Kind.Api, Role.Agent),
        ("GET", "/api/agents/", "/api/agents", Kind.Api, Role.Agent),
        ("GET", "/api/agents/me", "/api/agents/me", Kind.Api, Role.Agent),
        ("PUT", "/api/agents/me/presence", "/api/agents/me/presence", Kind.Api, Role.Agent),
        ("GET", "/api/conversations/{id}/tasks", "/api/conversations/x/tasks", Kind.Api, Role.Agent),
        ("GET", "/api/agents/me/tasks", "/api/agents/me/tasks", Kind.Api, Role.Agent),
        ("GET", "/admin/bots/{botId}", "/admin/bots/demo", Kind.Page, Role.Admin),
        ("GET", "/api/admin/bots", "/api/admin/bots", Kind.Api, Role.Admin),
        ("GET", "/api/admin/bots/{botId}/settings", "/api/admin/bots/demo/settings", Kind.Api, Role.Admin),
        ("PUT", "/api/admin/bots/{botId}/settings", "/api/admin/bots/demo/settings", Kind.Api, Role.Admin),
        ("POST", "/api/admin/bots/{botId}/dry-run", "/api/admin/bots/demo/dry-run", Kind.Api, Role.Admin),
        ("GET", "/api/admin/bots/{botId}/editor", "/api/admin/bots/demo/editor", Kind.Api, Role.Admin),
        ("GET", "/api/admin/bots/{botId}/draft", "/api/admin/bots/demo/draft", Kind.Api, Role.Admin),
        ("PUT", "/api/admin/bots/{botId}/draft", "/api/admin/bots/demo/draft", Kind.Api, Role.Admin),
        ("DELETE", "/api/admin/bots/{botId}/draft", "/api/admin/bots/demo/draft", Kind.Api, Role.Admin),
        ("POST", "/api/admin/bots/{botId}/draft/publish", "/api/admin/bots/demo/draft/publish", Kind.Api, Role.Admin),
        ("PUT", "/api/admin/bots/{botId}/ai-published", "/api/admin/bots/demo/ai-published", Kind.Api, Role.Admin),
        ("GET", "/api/admin/failures", "/api/admin/failures", Kind.Api, Role.Admin),
        ("GET", "/api/admin/conversations/{id}/actions", "/api/admin/conversations/x/actions", Kind.Api, Role.Admin),
        ("POST", "/hubs/inbox/negotiate", "/hubs/inbox/negotiate", Kind.Api, Role.Agent),
        ("GET", "/hubs/inbox", "/hubs/inbox", Kind.Api, Role.Agent),
    ];

    private static readonly string[] GuardedPrefixes = ["/inbox", "/admin", "/logout", "/api/inbox", "/api/conversations", "/api/agents", "/api/admin", "/hubs"];

    [Fact]
    public async Task InboxRoutes_TableCoversEveryGuardedEndpoint()
    {
        await using var app = await TestApp.StartAsync();
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && GuardedPrefixes.Any(p => ("/" + raw.TrimStart('/')).StartsWith(p, StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
        // Endpoints without method metadata (SignalR's) answer any method: listing the template once is enough.
        var listed = Routes.SelectMany(r => new[] { $"{r.Method} {r.Template}", $"* {r.Template}" }).ToHashSet();

        Assert.Equal([], mapped.Except(listed).Order());
    }

    [Fact]
    public async Task InboxRoutes_Anonymous_PagesRedirectToSignInApisAre401()
    {
        await using var app = await TestApp.StartAsync();
        using var anonymous = InboxClient.Anonymous(app);

        foreach (var route in Routes)
        {
            var response = await anonymous.SendAsync(new HttpMethod(route.Method), route.Path, route.Method is "PUT" or "POST" ? "{}" : null);
            if (route.Kind == Kind.Page)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{route.Method} {route.Path}: {response.StatusCode}");
                var location = new Uri(app.BaseAddress, response.Headers.Location!);
                Assert.Equal("/login", location.AbsolutePath);
                Assert.Contains("returnUrl=", location.Query, StringComparison.Ordinal);
            }
            else
            {
                await AssertProblemAsync(response, HttpStatusCode.Unauthorized, route);
            }
        }
    }

    [Fact]
    public async Task InboxRoutes_WrongRole_403()
    {
        await using var app = await TestApp.StartAsync();
        using var alice = await InboxClient.SignedInAsync(app, "alice");
        using var shopperCookie = ForgedCookieClient(app, role: "shopper");
        using var aliceToken = app.Client("alice");

        foreach (var route in Routes)
        {
            // An agent on admin routes, and a signed-in principal without an agent role anywhere.
            var callers = route.Role == Role.Admin ? [alice, shopperCookie] : new[] { shopperCookie };
            foreach (var caller in callers)
            {
                var response = await caller.SendAsync(new HttpMethod(route.Method), route.Path, route.Method is "PUT" or "POST" ? "{}" : null);
                if (route.Kind == Kind.Page)
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route.Method} {route.Path}: {response.StatusCode}");
                    Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                }
                else
                {
                    await AssertProblemAsync(response, HttpStatusCode.Forbidden, route);
                }
            }
            if (route.Role == Role.Admin && route.Kind == Kind.Api)
            {
                var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
                await AssertProblemAsync(await aliceToken.SendAsync(request), HttpStatusCode.Forbidden, route);
            }
        }
    }

    [Fact]
    public async Task InboxRoutes_Admin_AllowedOnAdminRoutes()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = await InboxClient.SignedInAsync(app, "admin");

        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Get, "/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Get, "/admin/bots/demo")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Get, "/api/admin/bots/demo/editor")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Get, "/api/inbox/admin/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Get, "/inbox")).StatusCode);
    }

    [Fact]
    public async Task InboxPages_ServedWithStrictPolicy()
    {
        await using var app = await TestApp.StartAsync();
        using var alice = await InboxClient.SignedInAsync(app, "alice");
        using var anonymous = InboxClient.Anonymous(app);

        using var admin = await InboxClient.SignedInAsync(app, "admin");
        foreach (var (client, path) in new[] { (alice, "/inbox"), (alice, "/inbox/conversations/x"), (anonymous, "/login"), (admin, "/admin/bots/demo") })
        {
            var response = await client.SendAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Equal(InboxPages.ContentSecurityPolicy, policy);
            Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignIn_RightPassword_CookieWorksForPagesAndAgentApi()
    {
        await using var app = await TestApp.StartAsync();
        using var client = InboxClient.Anonymous(app);

        var response = await client.PostLoginAsync("Alice ", "demo", "/inbox/conversations/abc");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/inbox/conversations/abc", response.Headers.Location!.OriginalString);
        var cookie = client.Cookies.GetCookies(app.BaseAddress)["handover.agent"];
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "/inbox")).StatusCode);
        var me = JsonDocument.Parse(await client.Http.GetStringAsync("/api/agents/me")).RootElement;
        Assert.Equal("alice", me.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task SignIn_ReturnUrlElsewhere_GoesToInbox(string returnUrl)
    {
        await using var app = await TestApp.StartAsync();
        using var client = InboxClient.Anonymous(app);

        var response = await client.PostLoginAsync("alice", "demo", returnUrl);

        Assert.Equal("/inbox", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownUser_401FormAndNoCookie()
    {
        await using var app = await TestApp.StartAsync();
        using var client = InboxClient.Anonymous(app);

        foreach (var (user, password) in new[] { ("alice", "wrong"), ("nobody", "demo"), ("", "") })
        {
            var response = await client.PostLoginAsync(user, password);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("do not match", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Null(client.Cookies.GetCookies(app.BaseAddress)["handover.agent"]);
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_400()
    {
        await using var app = await TestApp.StartAsync();
        using var client = InboxClient.Anonymous(app);

        var response = await client.PostLoginAsync("alice", "demo", withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(client.Cookies.GetCookies(app.BaseAddress)["handover.agent"]);
    }

    [Theory]
    [InlineData(Store.Sqlite)]
    [InlineData(Store.Postgres)]
    public async Task SignIn_FiveFailures_LockedFiveMinutesEvenWithRightPassword(Store store)
    {
        var clock = new Testing.ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(store, customize: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = InboxClient.Anonymous(app);

        for (var attempt = 1; attempt <= 4; attempt++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostLoginAsync("bob", "guess" + attempt)).StatusCode);
        var fifth = await client.PostLoginAsync("bob", "guess5");
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        Assert.Contains("locked", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostLoginAsync("bob", "demo")).StatusCode);
        // Other agents are not affected.
        Assert.Equal(HttpStatusCode.Redirect, (await InboxClient.Anonymous(app).PostLoginAsync("alice", "demo")).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostLoginAsync("bob", "demo")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostLoginAsync("bob", "demo")).StatusCode);

        // A success clears the count: four more failures do not lock.
        using var again = InboxClient.Anonymous(app);
        for (var attempt = 1; attempt <= 4; attempt++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await again.PostLoginAsync("bob", "again" + attempt)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await again.PostLoginAsync("bob", "demo")).StatusCode);
    }

    [Fact]
    public async Task SignIn_AdminUnlocks_AgentSignsInAtOnce()
    {
        await using var app = await TestApp.StartAsync();
        using var carol = InboxClient.Anonymous(app);
        for (var attempt = 1; attempt <= 5; attempt++)
            await carol.PostLoginAsync("carol", "nope");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await carol.PostLoginAsync("carol", "demo")).StatusCode);
        using var admin = await InboxClient.SignedInAsync(app, "admin");

        var agents = JsonDocument.Parse(await admin.Http.GetStringAsync("/api/inbox/admin/agents")).RootElement;
        Assert.Equal(5, agents.EnumerateArray().Single(a => a.GetProperty("id").GetString() == "carol").GetProperty("failedSignIns").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Post, "/api/inbox/admin/agents/carol/unlock")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await carol.PostLoginAsync("carol", "demo")).StatusCode);
    }

    [Fact]
    public async Task CookieRequest_ChangesOnlyWithAntiforgeryHeader_BearerNeedsNone()
    {
        await using var app = await TestApp.StartAsync();
        var id = (await app.ShopperSaysAsync("dl-csrf", "human please")).ConversationId;
        using var alice = await InboxClient.SignedInAsync(app, "alice");

        var forged = await alice.SendAsync(HttpMethod.Post, $"/api/conversations/{id}/claim", withAntiforgery: false);
        await AssertProblemAsync(forged, HttpStatusCode.BadRequest, ("POST", "", "", Kind.Api, Role.Agent));
        var waiting = JsonDocument.Parse(await app.Client("bob").GetStringAsync($"/api/conversations/{id}")).RootElement;
        Assert.Equal("waiting", waiting.GetProperty("controller").GetString());

        var claimed = await alice.SendAsync(HttpMethod.Post, $"/api/conversations/{id}/claim");
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client("alice").PostAsync($"/api/conversations/{id}/give-back", null)).StatusCode);
    }

    [Fact]
    public async Task SignOut_CookieDroppedAndPagesAskToSignIn()
    {
        await using var app = await TestApp.StartAsync();
        using var alice = await InboxClient.SignedInAsync(app, "alice");

        var response = await alice.SendAsync(HttpMethod.Post, "/logout");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(alice.Cookies.GetCookies(app.BaseAddress)["handover.agent"]);
        Assert.Equal(HttpStatusCode.Redirect, (await alice.SendAsync(HttpMethod.Get, "/inbox")).StatusCode);
    }

    /// <summary>A client holding a valid sign-in cookie for a principal whose only role is <paramref name="role"/>.</summary>
    private static InboxClient ForgedCookieClient(TestApp app, string role)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(InboxAuthentication.CookieScheme);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "mallory"), new Claim(ClaimTypes.Name, "Mallory"), new Claim(ClaimTypes.Role, role)],
            InboxAuthentication.CookieScheme));
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, InboxAuthentication.CookieScheme);
        var client = InboxClient.Anonymous(app);
        client.Cookies.Add(app.BaseAddress, new Cookie("handover.agent", options.TicketDataFormat.Protect(ticket)));
        return client;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, (string Method, string Template, string Path, Kind Kind, Role Role) route)
    {
        Assert.True(response.StatusCode == status, $"{route.Method} {route.Path}: {(int)response.StatusCode}, expected {(int)status}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }
}
