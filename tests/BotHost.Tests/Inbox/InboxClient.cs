using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using BotHost.Tests.Infrastructure;

namespace BotHost.Tests.Inbox;

/// <summary>An HTTP client that signs in through the /login form, as a browser would: cookies kept, redirects not followed.</summary>
internal sealed partial class InboxClient : IDisposable
{
    private InboxClient(HttpClient http, CookieContainer cookies)
    {
        Http = http;
        Cookies = cookies;
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies { get; }

    /// <summary>The antiforgery request token from /api/inbox/session (after <see cref="LoadSessionAsync"/>).</summary>
    public string? AntiforgeryToken { get; private set; }

    public static InboxClient Anonymous(TestApp app)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new InboxClient(http, cookies);
    }

    /// <summary>Signs in and loads the session (antiforgery token); fails the test if sign-in does not redirect.</summary>
    public static async Task<InboxClient> SignedInAsync(TestApp app, string user, string password = "demo")
    {
        var client = Anonymous(app);
        var response = await client.PostLoginAsync(user, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await client.LoadSessionAsync();
        return client;
    }

    /// <summary>GET /login for the form's token, then POST it with the credentials.</summary>
    public async Task<HttpResponseMessage> PostLoginAsync(string user, string password, string returnUrl = "/inbox", bool withToken = true)
    {
        var form = await Http.GetStringAsync("/login");
        var fields = new Dictionary<string, string> { ["username"] = user, ["password"] = password, ["returnUrl"] = returnUrl };
        if (withToken)
            fields["__RequestVerificationToken"] = TokenField().Match(form).Groups[1].Value;
        return await Http.PostAsync("/login", new FormUrlEncodedContent(fields));
    }

    public async Task LoadSessionAsync()
    {
        var session = JsonDocument.Parse(await Http.GetStringAsync("/api/inbox/session")).RootElement;
        AntiforgeryToken = session.GetProperty("antiforgeryToken").GetString();
    }

    /// <summary>A request with the antiforgery header, as the inbox page sends it.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, bool withAntiforgery = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        if (withAntiforgery && AntiforgeryToken is not null)
            request.Headers.Add("X-CSRF-TOKEN", AntiforgeryToken);
        return Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
